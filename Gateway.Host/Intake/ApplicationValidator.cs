using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Identity;
using Gateway.Host.Catalogue;

namespace Gateway.Host.Intake;

/// <summary>
/// Checks an application against the canonical model and the catalogue and returns every problem at once, keyed by JSON path
/// (e.g. <c>applicant.idNumber</c>, <c>materials[1].sha256</c>), or the canonical application when there is none.
/// </summary>
public static partial class ApplicationValidator
{
    [GeneratedRegex(@"^[A-Za-z0-9_.:\-]{8,128}$")]
    private static partial Regex IdempotencyKeyPattern();

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex RegionCodePattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex(@"^[A-Z0-9]{5,20}$")]
    private static partial Regex PassportPattern();

    /// <summary>
    /// The outcome: <see cref="Errors"/> are faults of the request itself (a field missing or malformed, an item or material not in
    /// the catalogue); <see cref="Incomplete"/> lists what a well-formed application lacks, all at once, for the one-time notice
    /// (一次性告知); <see cref="Tolerated"/> the required materials it may go ahead without on the signed commitment (容缺).
    /// </summary>
    public sealed record Result(CanonicalApplication? Application, ServiceItem? Item, Dictionary<string, string[]> Errors,
        IReadOnlyList<NoticeItem> Incomplete, IReadOnlyList<CatalogueMaterial> Tolerated, string? CommitmentSha256,
        Gateway.Contracts.Messages.WindowDecision? WindowDecision = null)
    {
        public bool IsValid => Errors.Count == 0;
        /// <summary>The bundle applied for, when the application is a bundle's (its <see cref="Item"/> is then the combined list).</summary>
        public Bundle? Bundle { get; init; }
        public bool IsComplete => Incomplete.Count == 0;
    }

    /// <summary>One thing an incomplete application lacks: the material, and what is wrong (<see cref="NoticeProblems"/>).</summary>
    public sealed record NoticeItem(string MaterialCode, string MaterialName, string Problem, string Explanation);

    public static class NoticeProblems
    {
        public const string Missing = "missing";
        /// <summary>Missing, but the item allows 容缺 for it: the application may go ahead with a signed commitment.</summary>
        public const string MissingTolerable = "missing-tolerable";
        public const string WrongMedium = "wrong-medium";
    }

    public static Result Validate(ApplicationRequest? request, ServiceCatalogue catalogue)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (request is null)
        {
            Error("$", "the body must be a JSON object");
            return Done(null, null);
        }

        if (string.IsNullOrWhiteSpace(request.IdempotencyKey)) Error("idempotencyKey", "is required");
        else if (!IdempotencyKeyPattern().IsMatch(request.IdempotencyKey))
            Error("idempotencyKey", "must be 8-128 characters of letters, digits and _ . : -");

        ServiceItem? item = null;
        Bundle? bundle = null;
        if (!string.IsNullOrWhiteSpace(request.BundleCode))
        {
            if (!string.IsNullOrWhiteSpace(request.ItemCode)) Error("itemCode", "give either itemCode (one item) or bundleCode (a bundle), not both");
            else if ((bundle = catalogue.Bundle(request.BundleCode)) is null)
                Error("bundleCode", $"'{request.BundleCode}' is not a bundle of the catalogue (see /api/catalogue/bundles)");
            else item = Bundles.BundleForms.AsItem(bundle, catalogue);
        }
        else if (string.IsNullOrWhiteSpace(request.ItemCode)) Error("itemCode", "is required (or bundleCode for a bundle)");
        else if ((item = catalogue.Item(request.ItemCode)) is null)
            Error("itemCode", $"'{request.ItemCode}' is not in the catalogue (清单之外无事项)");

        ValidateApplicant(request.Applicant, Error);

        var window = request.ApplyingWindow;
        if (window is null) Error("applyingWindow", "is required");
        else
        {
            if (window.RegionCode is null || !RegionCodePattern().IsMatch(window.RegionCode))
                Error("applyingWindow.regionCode", "must be a 6-digit administrative region code");
            if (string.IsNullOrWhiteSpace(window.WindowId) || window.WindowId.Length > 64)
                Error("applyingWindow.windowId", "is required (at most 64 characters)");
        }

        var materials = ValidateMaterials(request.Materials, item, Error);
        var commitmentSha = ValidateCommitment(request.Commitment, Error);

        if (request.FormData is { } form && form.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            Error("formData", "must be a JSON object");
        else if (bundle is not null)
        {
            foreach (var (field, problem) in Bundles.BundleForms.CheckForm(bundle, FormOf(request)))
                Error(field, problem);
            if (request.WindowDecision is not null) Error("windowDecision", "a bundle is not decided at the window; its members are decided by their departments");
        }
        if (bundle is null && request.Delivery?.Together is not null) Error("delivery.together", "applies to bundles only");

        var delivery = request.Delivery;
        if (delivery is null) Error("delivery", "is required");
        else if (delivery.Method is null || !DeliveryMethods.All.Contains(delivery.Method))
            Error("delivery.method", $"must be one of {string.Join(", ", DeliveryMethods.All)}");
        else if (delivery.Method == DeliveryMethods.Post && string.IsNullOrWhiteSpace(delivery.Address))
            Error("delivery.address", "is required when the result is posted");
        else if (item?.DeliveryMethods is { } offered && !offered.Contains(delivery.Method))
            Error("delivery.method", $"item {item.Code} delivers its result by {string.Join(", ", offered)} only");

        if (bundle is null) ValidateWindowDecision(request.WindowDecision, item, Error);

        if (errors.Count > 0) return Done(null, item);
        var (incomplete, tolerated) = Completeness(item!, materials, commitmentSha is not null);

        var application = new CanonicalApplication
        {
            IdempotencyKey = request.IdempotencyKey!,
            ItemCode = item!.Code,
            Applicant = new Applicant
            {
                Kind = request.Applicant!.Kind!,
                Name = request.Applicant.Name!.Trim(),
                IdType = request.Applicant.IdType!,
                IdNumber = request.Applicant.IdNumber!.ToUpperInvariant(),
                Phone = request.Applicant.Phone,
            },
            ApplyingWindow = new ApplyingWindow { RegionCode = window!.RegionCode!, WindowId = window.WindowId! },
            Materials = materials,
            FormData = FormOf(request),
            Simulated = request.Simulated == true,
            Delivery = new DeliveryPreference { Method = delivery!.Method!, Address = delivery.Address },
        };
        var decision = request.WindowDecision is { } w
            ? new Gateway.Contracts.Messages.WindowDecision(w.DecidedBy!.Trim(), w.Decision!, w.Reasons?.Select(r => r.Trim()).ToList(),
                w.Decision == Gateway.Contracts.Messages.WindowDecision.Approved && item!.LicenceType is { } type
                    ? new Gateway.Contracts.Messages.LicenceDetails(w.LicenceNo!.Trim(), type, application.Applicant.Name, application.Applicant.IdNumber,
                        w.ValidFrom!.Value, w.ValidUntil)
                    : null)
            : null;
        return new Result(application, item, [], incomplete, tolerated, tolerated.Count > 0 ? commitmentSha : null, decision) { Bundle = bundle };

        Result Done(CanonicalApplication? app, ServiceItem? it) =>
            new(app, it, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), [], [], null);
    }

    static Dictionary<string, object?> FormOf(ApplicationRequest request) =>
        request.FormData is { ValueKind: JsonValueKind.Object } f
            ? f.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
            : new Dictionary<string, object?>();

    /// <summary>
    /// Everything the application lacks against the item's material list, at once. A missing material the item allows 容缺 for
    /// is tolerated when the applicant signed the commitment; without it, it is listed as tolerable.
    /// </summary>
    static (List<NoticeItem> Incomplete, List<CatalogueMaterial> Tolerated) Completeness(ServiceItem item, List<SubmittedMaterial> given,
        bool committed)
    {
        var incomplete = new List<NoticeItem>();
        var tolerated = new List<CatalogueMaterial>();
        foreach (var m in item.Materials)
        {
            var supplied = given.FirstOrDefault(g => g.Code == m.Code);
            if (supplied is null)
            {
                if (!m.Required) continue;
                if (m.ToleranceAllowed && committed) tolerated.Add(m);
                else if (m.ToleranceAllowed)
                    incomplete.Add(new NoticeItem(m.Code, m.Name, NoticeProblems.MissingTolerable,
                        $"缺少「{m.Name}」。可容缺受理:签署承诺书后先行受理,{m.SupplementDays} 个工作日内补交"));
                else incomplete.Add(new NoticeItem(m.Code, m.Name, NoticeProblems.Missing, $"缺少「{m.Name}」({m.Copies} 份,{MediumName(m.Medium)})"));
            }
            else if (m.Medium == Media.Electronic && supplied.Medium != Media.Electronic)
                incomplete.Add(new NoticeItem(m.Code, m.Name, NoticeProblems.WrongMedium, $"「{m.Name}」须提交电子件,不收纸质件"));
        }
        return (incomplete, tolerated);
    }

    static string MediumName(string medium) => medium == Media.Paper ? "纸质" : "电子";

    /// <summary>即办件 only: who decided, approved (with the licence's number and validity when the item issues one) or refused with reasons.</summary>
    static void ValidateWindowDecision(WindowDecisionRequest? w, ServiceItem? item, Action<string, string> error)
    {
        if (w is null || item is null) return;
        if (item.CaseType != "immediate")
        {
            error("windowDecision", $"only immediate items (即办件) are decided at the window; {item.Code} is {item.CaseType}");
            return;
        }
        if (string.IsNullOrWhiteSpace(w.DecidedBy) || w.DecidedBy.Length > 64) error("windowDecision.decidedBy", "is required (the window officer who decided)");
        if (w.Decision is not (Gateway.Contracts.Messages.WindowDecision.Approved or Gateway.Contracts.Messages.WindowDecision.Refused))
            error("windowDecision.decision", "must be approved or refused");
        if (w.Decision == Gateway.Contracts.Messages.WindowDecision.Refused && (w.Reasons is not { Count: > 0 } || w.Reasons.Any(string.IsNullOrWhiteSpace)))
            error("windowDecision.reasons", "a refusal must give its reasons in writing");
        if (w.Decision == Gateway.Contracts.Messages.WindowDecision.Approved && item.LicenceType is not null)
        {
            if (string.IsNullOrWhiteSpace(w.LicenceNo)) error("windowDecision.licenceNo", $"the {item.LicenceType} issued at the window needs its number");
            if (w.ValidFrom is null) error("windowDecision.validFrom", "is required");
            else if (w.ValidUntil is { } until && until < w.ValidFrom) error("windowDecision.validUntil", "is before validFrom");
        }
    }

    static string? ValidateCommitment(CommitmentRequest? c, Action<string, string> error)
    {
        if (c is null) return null;
        var ok = true;
        if (string.IsNullOrWhiteSpace(c.SignedBy)) { error("commitment.signedBy", "is required: who signed the commitment"); ok = false; }
        if (c.SignedAt is null) { error("commitment.signedAt", "is required"); ok = false; }
        if (c.Sha256 is null || !Sha256Pattern().IsMatch(c.Sha256)) { error("commitment.sha256", "must be the 64-hex-digit SHA-256 of the signed commitment"); return null; }
        if (c.ContentBase64 is not null)
        {
            try
            {
                if (!Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(c.ContentBase64))).Equals(c.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    error("commitment.sha256", "does not match the SHA-256 of contentBase64");
                    ok = false;
                }
            }
            catch (FormatException)
            {
                error("commitment.contentBase64", "is not valid base64");
                ok = false;
            }
        }
        return ok ? c.Sha256.ToLowerInvariant() : null;
    }

    static void ValidateApplicant(ApplicantRequest? a, Action<string, string> error)
    {
        if (a is null)
        {
            error("applicant", "is required");
            return;
        }
        if (a.Kind is null || !ApplicantKinds.All.Contains(a.Kind))
            error("applicant.kind", $"must be one of {string.Join(", ", ApplicantKinds.All)}");
        if (string.IsNullOrWhiteSpace(a.Name) || a.Name.Length > 200) error("applicant.name", "is required (at most 200 characters)");
        if (a.IdType is null || !IdTypes.All.Contains(a.IdType))
            error("applicant.idType", $"must be one of {string.Join(", ", IdTypes.All)}");
        else
        {
            if (a.Kind == ApplicantKinds.Organisation && a.IdType != IdTypes.UnifiedSocialCreditCode)
                error("applicant.idType", "an organisation is identified by its unified social credit code (uscc)");
            if (a.Kind == ApplicantKinds.Person && a.IdType == IdTypes.UnifiedSocialCreditCode)
                error("applicant.idType", "a person cannot be identified by a unified social credit code");
            var problem = a.IdType switch
            {
                IdTypes.ResidentId => ResidentIdNumber.Validate(a.IdNumber?.ToUpperInvariant()),
                IdTypes.UnifiedSocialCreditCode => UnifiedSocialCreditCode.Validate(a.IdNumber),
                _ => a.IdNumber is not null && PassportPattern().IsMatch(a.IdNumber) ? null : "must be 5-20 capital letters and digits",
            };
            if (problem is not null) error("applicant.idNumber", problem);
        }
        if (a.Phone is not null && PhoneNumber.Validate(a.Phone) is { } phoneProblem) error("applicant.phone", phoneProblem);
    }

    /// <summary>
    /// Checks each material against the item's material list and its own hash. Whether the required ones are all there is the
    /// completeness check's business (one-time notice), not an error of the request.
    /// </summary>
    internal static List<SubmittedMaterial> ValidateMaterials(List<MaterialRequest?>? materials, ServiceItem? item, Action<string, string> error)
    {
        var result = new List<SubmittedMaterial>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (materials?.Count ?? 0); i++)
        {
            var m = materials![i];
            var path = $"materials[{i}]";
            if (m is null)
            {
                error(path, "must be an object");
                continue;
            }
            var ok = true;
            if (string.IsNullOrWhiteSpace(m.Code)) { error($"{path}.code", "is required"); ok = false; }
            else if (!seen.Add(m.Code)) { error($"{path}.code", $"material {m.Code} is given twice"); ok = false; }
            else if (item is not null && item.Materials.All(c => c.Code != m.Code))
            {
                error($"{path}.code", $"'{m.Code}' is not on the material list of item {item.Code} (指南之外无材料)");
                ok = false;
            }
            if (string.IsNullOrWhiteSpace(m.Name)) { error($"{path}.name", "is required"); ok = false; }
            if (m.Medium is null || !Media.All.Contains(m.Medium))
            {
                error($"{path}.medium", $"must be one of {string.Join(", ", Media.All)}");
                ok = false;
            }
            else if (m.Medium == Media.Electronic)
            {
                if (m.ContentBase64 is null && string.IsNullOrWhiteSpace(m.Reference))
                {
                    error(path, "an electronic material needs contentBase64 or a reference");
                    ok = false;
                }
                if (m.Sha256 is null || !Sha256Pattern().IsMatch(m.Sha256))
                {
                    error($"{path}.sha256", "must be the 64-hex-digit SHA-256 of the material");
                    ok = false;
                }
                else if (m.ContentBase64 is not null)
                {
                    byte[] bytes;
                    try
                    {
                        bytes = Convert.FromBase64String(m.ContentBase64);
                    }
                    catch (FormatException)
                    {
                        error($"{path}.contentBase64", "is not valid base64");
                        ok = false;
                        bytes = [];
                    }
                    if (ok && !Convert.ToHexStringLower(SHA256.HashData(bytes)).Equals(m.Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        error($"{path}.sha256", "does not match the SHA-256 of contentBase64 (material damaged or altered in transit)");
                        ok = false;
                    }
                }
            }
            if (ok)
                result.Add(new SubmittedMaterial
                {
                    Code = m.Code!, Name = m.Name!, Medium = m.Medium!, Sha256 = m.Sha256?.ToLowerInvariant(),
                    ContentBase64 = m.ContentBase64, Reference = m.Reference,
                });
        }

        return result;
    }
}

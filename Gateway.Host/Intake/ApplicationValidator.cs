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

    public sealed record Result(CanonicalApplication? Application, ServiceItem? Item, Dictionary<string, string[]> Errors)
    {
        public bool IsValid => Errors.Count == 0;
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
        if (string.IsNullOrWhiteSpace(request.ItemCode)) Error("itemCode", "is required");
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

        if (request.FormData is { } form && form.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            Error("formData", "must be a JSON object");

        var delivery = request.Delivery;
        if (delivery is null) Error("delivery", "is required");
        else if (delivery.Method is null || !DeliveryMethods.All.Contains(delivery.Method))
            Error("delivery.method", $"must be one of {string.Join(", ", DeliveryMethods.All)}");
        else if (delivery.Method == DeliveryMethods.Post && string.IsNullOrWhiteSpace(delivery.Address))
            Error("delivery.address", "is required when the result is posted");

        if (errors.Count > 0) return Done(null, item);

        var application = new CanonicalApplication
        {
            IdempotencyKey = request.IdempotencyKey!,
            ItemCode = request.ItemCode!,
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
            FormData = request.FormData is { ValueKind: JsonValueKind.Object } f
                ? f.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
                : new Dictionary<string, object?>(),
            Delivery = new DeliveryPreference { Method = delivery!.Method!, Address = delivery.Address },
        };
        return Done(application, item);

        Result Done(CanonicalApplication? app, ServiceItem? it) =>
            new(app, it, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
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
    /// Checks each material against the item's material list and its own hash; with <paramref name="requireAll"/> also that every
    /// required material is there (an application; corrections bring only what was asked for).
    /// </summary>
    internal static List<SubmittedMaterial> ValidateMaterials(List<MaterialRequest?>? materials, ServiceItem? item, Action<string, string> error,
        bool requireAll = true)
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

        if (item is not null && requireAll)
        {
            var missing = item.Materials.Where(c => c.Required && !seen.Contains(c.Code)).Select(c => $"{c.Code} {c.Name}").ToList();
            if (missing.Count > 0) error("materials", "required materials are missing: " + string.Join("; ", missing));
        }
        return result;
    }
}

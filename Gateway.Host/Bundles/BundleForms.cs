using Gateway.Contracts.Applications;
using Gateway.Host.Catalogue;

namespace Gateway.Host.Bundles;

/// <summary>
/// How one bundle application becomes its members' applications: the combined form and material list are checked as if they were
/// one item's, then each member gets the fields and materials it uses, under its own names and codes. Materials another member
/// produces are not asked of the applicant; they are added to a member's application when the producer's result arrives.
/// </summary>
public static class BundleForms
{
    /// <summary>
    /// The combined material list as one item's list, for the validator and the one-time notice: a material is required when any
    /// member requires it, electronic when any member wants it electronic, 容缺 only when every member requiring it allows that.
    /// Delivery methods are those every member offers.
    /// </summary>
    public static ServiceItem AsItem(Bundle bundle, ServiceCatalogue catalogue)
    {
        var members = bundle.Members.Select(m => catalogue.Item(m.ItemCode)!).ToList();
        var materials = bundle.Materials.Where(m => m.ProducedBy is null).Select(m =>
        {
            var mapped = m.UsedBy.Select(u => members.First(i => i.Code == u.Key).Materials.First(x => x.Code == u.Value)).ToList();
            var required = mapped.Where(x => x.Required).ToList();
            return new CatalogueMaterial(m.Code, m.Name, required.Count > 0, mapped.Any(x => x.Medium == Media.Electronic) ? Media.Electronic : Media.Paper)
            {
                Copies = mapped.Max(x => x.Copies),
                ToleranceAllowed = required.Count > 0 && required.All(x => x.ToleranceAllowed),
                SupplementDays = required.Count > 0 && required.All(x => x.ToleranceAllowed) ? required.Min(x => x.SupplementDays) : 0,
                PaperArchive = mapped.Any(x => x.PaperArchive),
            };
        }).ToList();
        var restricted = members.Where(i => i.DeliveryMethods is not null).Select(i => i.DeliveryMethods!).ToList();
        return new ServiceItem(bundle.Code, 1, bundle.Name, bundle.LeadDepartmentCode, "joint", members.Max(i => i.LegalDays),
            members.Max(i => i.PromisedDays), null, materials)
        {
            DeliveryMethods = restricted.Count == 0 ? null : DeliveryMethods.All.Where(d => restricted.All(r => r.Contains(d))).ToList(),
        };
    }

    /// <summary>Problems of the combined form: a required field missing or empty, a field the bundle does not have.</summary>
    public static IEnumerable<(string Field, string Problem)> CheckForm(Bundle bundle, IReadOnlyDictionary<string, object?> form)
    {
        foreach (var f in bundle.Form.Where(f => f.Required))
            if (!form.TryGetValue(f.Name, out var value) || value is null || value.ToString() is not { Length: > 0 } text || string.IsNullOrWhiteSpace(text))
                yield return ($"formData.{f.Name}", $"is required ({f.Label})");
        foreach (var name in form.Keys.Where(k => bundle.Form.All(f => f.Name != k)))
            yield return ($"formData.{name}", $"is not a field of the form of bundle {bundle.Code}");
    }

    /// <summary>The application of one member: its fields and materials from the combined ones, under its own names and codes.</summary>
    public static CanonicalApplication ForMember(Bundle bundle, ServiceItem member, int index, CanonicalApplication combined)
    {
        var materials = new List<SubmittedMaterial>();
        foreach (var given in combined.Materials)
        {
            var definition = bundle.Materials.FirstOrDefault(m => m.Code == given.Code);
            if (definition is null || !definition.UsedBy.TryGetValue(member.Code, out var code)) continue;
            materials.Add(given with { Code = code, Name = member.Materials.First(x => x.Code == code).Name });
        }
        var form = new Dictionary<string, object?>();
        foreach (var f in bundle.Form)
            if (f.UsedBy.TryGetValue(member.Code, out var name) && combined.FormData.TryGetValue(f.Name, out var value))
                form[name] = value;
        return combined with
        {
            IdempotencyKey = MemberKey(combined.IdempotencyKey, index),
            ItemCode = member.Code,
            Materials = materials,
            FormData = form,
        };
    }

    /// <summary>A member case's idempotency key: the bundle's key and the member's position.</summary>
    public static string MemberKey(string bundleKey, int index) => $"{bundleKey}/{index + 1}";

    /// <summary>The member codes of combined material codes (for 容缺 materials a member went ahead without).</summary>
    public static IReadOnlyList<string> MemberCodes(Bundle bundle, string memberCode, IEnumerable<string> combinedCodes) =>
        combinedCodes.Select(c => bundle.Materials.FirstOrDefault(m => m.Code == c)?.UsedBy.GetValueOrDefault(memberCode)).OfType<string>().ToList();

    /// <summary>A prerequisite's result, as the bundle passes it on.</summary>
    public sealed record Result(string ItemCode, string LicenceNo, string? LicenceType, string? FileSha256);

    /// <summary>
    /// <paramref name="application"/> with the results of the members it depends on added as materials: each material the bundle
    /// says a prerequisite produces and this member uses, referring to the licence in the gateway's licence store.
    /// </summary>
    public static CanonicalApplication WithResults(Bundle bundle, ServiceItem member, CanonicalApplication application, IReadOnlyList<Result> results)
    {
        var materials = application.Materials.ToList();
        foreach (var m in bundle.Materials.Where(m => m.ProducedBy is not null && m.UsedBy.ContainsKey(member.Code)))
        {
            if (results.FirstOrDefault(r => r.ItemCode == m.ProducedBy) is not { } result) continue;
            var code = m.UsedBy[member.Code];
            materials.RemoveAll(x => x.Code == code);
            materials.Add(new SubmittedMaterial
            {
                Code = code, Name = member.Materials.First(x => x.Code == code).Name, Medium = Media.Electronic,
                Sha256 = result.FileSha256, Reference = $"/api/licences/{Uri.EscapeDataString(result.LicenceNo)}",
            });
        }
        return application with { Materials = materials };
    }
}

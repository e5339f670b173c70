using Gateway.Contracts.Applications;
using Gateway.Host.Bundles;
using Gateway.Host.Catalogue;
using Xunit;

namespace Gateway.Tests.Host.Bundles;

/// <summary>How a bundle's combined form and material list stand for its members', and how members get their share and results.</summary>
public class BundleFormsMapping
{
    static readonly ServiceCatalogue Catalogue = ServiceCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Data", "catalogue.json"));
    static Bundle Newborn => Catalogue.Bundle("410700-ONE-NEWBORN")!;
    static Bundle Restaurant => Catalogue.Bundle("410700-ONE-RESTAURANT")!;

    static CanonicalApplication Combined(params string[] codes) => new()
    {
        IdempotencyKey = "bundle-key-0001",
        ItemCode = Newborn.Code,
        Applicant = new Applicant { Kind = ApplicantKinds.Person, Name = "李梅", IdType = IdTypes.ResidentId, IdNumber = "11010519491231002X" },
        ApplyingWindow = new ApplyingWindow { RegionCode = "410702", WindowId = "HQ-WIN-01" },
        Materials = codes.Select(c => new SubmittedMaterial { Code = c, Name = c, Medium = Media.Electronic, Sha256 = "ab" + c }).ToList(),
        FormData = new Dictionary<string, object?> { ["childName"] = "王小宝", ["bank"] = "工行", ["householdAddress"] = "胜利路1号" },
        Delivery = new DeliveryPreference { Method = DeliveryMethods.PickupAtApplyingWindow },
    };

    [Fact]
    public void Should_ask_only_for_what_no_member_produces_with_the_strictest_review_points()
    {
        var item = BundleForms.AsItem(Newborn, Catalogue);
        Assert.Equal(["B-NB-01", "B-NB-02", "B-NB-04", "B-NB-05", "B-NB-07", "B-NB-08", "B-NB-09"], item.Materials.Select(m => m.Code));
        Assert.DoesNotContain(item.Materials, m => m.Code is "B-NB-03" or "B-NB-06");   // results of members, passed on
        var householdBooks = item.Materials.Single(m => m.Code == "B-NB-04");
        Assert.Equal(Media.Paper, householdBooks.Medium);
        Assert.True(householdBooks.PaperArchive);
        // The household registration delivers by pickup or post only, so the bundle does too.
        Assert.Equal([DeliveryMethods.PickupAtApplyingWindow, DeliveryMethods.PickupAtOwningWindow, DeliveryMethods.Post], item.DeliveryMethods!.Order());
        // 容缺 carries over when every member requiring the material allows it (the food safety rules of the food licence).
        var rules = BundleForms.AsItem(Restaurant, Catalogue).Materials.Single(m => m.Code == "B-RS-06");
        Assert.True(rules.ToleranceAllowed);
        Assert.Equal(5, rules.SupplementDays);
    }

    [Fact]
    public void Should_give_each_member_its_fields_and_materials_under_its_own_names_and_codes()
    {
        var combined = Combined("B-NB-01", "B-NB-02", "B-NB-07");
        var birth = BundleForms.ForMember(Newborn, Catalogue.Item("410700-WJW-001")!, 0, combined);
        Assert.Equal("410700-WJW-001", birth.ItemCode);
        Assert.Equal("bundle-key-0001/1", birth.IdempotencyKey);
        Assert.Equal(["M-WJW-001-01", "M-WJW-001-02"], birth.Materials.Select(m => m.Code));
        Assert.Equal("医学出生记录", birth.Materials[0].Name);
        Assert.Equal(["childName"], birth.FormData.Keys);

        var household = BundleForms.ForMember(Newborn, Catalogue.Item("410700-GA-001")!, 2, combined);
        Assert.Equal("abB-NB-02", household.Materials.Single(m => m.Code == "M-GA-001-04").Sha256);   // the same parents' IDs, handed in once
        Assert.Equal(["childName", "householdAddress"], household.FormData.Keys.Order());

        var card = BundleForms.ForMember(Newborn, Catalogue.Item("410700-RS-001")!, 3, combined);
        Assert.Equal(["M-RS-001-02"], card.Materials.Select(m => m.Code));
        Assert.Equal("王小宝", card.FormData["name"]);   // the child's name under the card system's field name
        Assert.Equal("工行", card.FormData["bank"]);
    }

    [Fact]
    public void Should_add_a_prerequisites_result_as_the_material_it_stands_for()
    {
        var household = Catalogue.Item("410700-GA-001")!;
        var application = BundleForms.ForMember(Newborn, household, 2, Combined("B-NB-04", "B-NB-05"));
        var released = BundleForms.WithResults(Newborn, household, application,
            [new BundleForms.Result("410700-WJW-001", "LBIRTH0001", "出生医学证明", "ff00")]);
        var certificate = released.Materials.Single(m => m.Code == "M-GA-001-01");
        Assert.Equal("/api/licences/LBIRTH0001", certificate.Reference);
        Assert.Equal("ff00", certificate.Sha256);
        Assert.Equal(Media.Electronic, certificate.Medium);
        Assert.Equal(application.Materials.Count + 1, released.Materials.Count);
        // A result of a member it does not use changes nothing.
        Assert.Equal(application.Materials, BundleForms.WithResults(Newborn, household, application,
            [new BundleForms.Result("410700-GA-001", "LHOUSE0001", null, null)]).Materials);
    }

    [Fact]
    public void Should_refuse_a_form_missing_a_required_field_or_with_a_field_the_bundle_has_not()
    {
        var problems = BundleForms.CheckForm(Newborn, new Dictionary<string, object?> { ["childName"] = " ", ["colour"] = "red" }).ToList();
        Assert.Contains(problems, p => p.Field == "formData.childName");
        Assert.Contains(problems, p => p.Field == "formData.birthDate" && p.Problem.Contains("出生日期"));
        Assert.Contains(problems, p => p.Field == "formData.colour" && p.Problem.Contains("not a field"));
        Assert.Equal(Newborn.Form.Count(f => f.Required) + 1, problems.Count);
    }
}

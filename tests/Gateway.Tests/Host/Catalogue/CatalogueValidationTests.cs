using Gateway.Host.Catalogue;
using Xunit;

namespace Gateway.Tests.Host.Catalogue;

public class CatalogueLoading
{
    static CatalogueDocument Document(IReadOnlyList<ServiceItem>? items = null, IReadOnlyList<Department>? departments = null) => new(
        departments ?? [new Department("SCJG", "市场监管局", "rest")],
        items ?? [Item()]);

    static ServiceItem Item(string code = "I-1", string department = "SCJG", string caseType = "promised", int legal = 20, int promised = 5,
        IReadOnlyList<CatalogueMaterial>? materials = null) =>
        new(code, 1, "事项", department, caseType, legal, promised, null, materials ?? [new CatalogueMaterial("M1", "申请书", true, "electronic")]);

    [Fact]
    public void Should_load_the_shipped_catalogue_with_a_department_of_every_protocol()
    {
        var catalogue = ServiceCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Data", "catalogue.json"));
        Assert.Equal(Protocols.All.OrderBy(p => p), catalogue.Departments.Select(d => d.Protocol).Distinct().OrderBy(p => p));
        Assert.NotNull(catalogue.Item("410700-SCJG-001"));
        Assert.All(catalogue.Items, i => Assert.NotNull(catalogue.Department(i.DepartmentCode)));
    }

    [Fact]
    public void Should_accept_a_consistent_catalogue() => Assert.Empty(ServiceCatalogue.Validate(Document()));

    [Fact]
    public void Should_refuse_a_catalogue_listing_every_problem()
    {
        var document = Document(
            items:
            [
                Item(promised: 30, legal: 20),
                Item(code: "I-2", department: "NOPE"),
                Item(code: "I-3", caseType: "someday"),
                Item(code: "I-3"),
                Item(code: "I-4", materials: [new("M1", "a", true, "electronic"), new("M1", "b", true, "fax")]),
            ],
            departments: [new Department("SCJG", "市场监管局", "rest"), new Department("X", "X局", "carrier-pigeon")]);

        var problems = ServiceCatalogue.Validate(document);

        Assert.Contains(problems, p => p.Contains("I-1 v1 promises 30 working days"));
        Assert.Contains(problems, p => p.Contains("I-2 v1 belongs to unknown department 'NOPE'"));
        Assert.Contains(problems, p => p.Contains("I-3 v1 has case type 'someday'"));
        Assert.Contains(problems, p => p.Contains("item I-3 appears twice"));
        Assert.Contains(problems, p => p.Contains("lists material M1 twice"));
        Assert.Contains(problems, p => p.Contains("medium 'fax'"));
        Assert.Contains(problems, p => p.Contains("protocol 'carrier-pigeon'"));
        var ex = Assert.Throws<InvalidDataException>(() => ServiceCatalogue.Create(document));
        Assert.Contains("carrier-pigeon", ex.Message);
    }

    [Fact]
    public void Should_refuse_steps_beyond_five_outside_the_list_out_of_order_or_over_the_promised_limit()
    {
        ProcedureStep[] six = [new("收件", 0), new("受理", 1), new("审核", 1), new("决定", 1), new("送达", 1), new("送达", 1)];
        var problems = ServiceCatalogue.Validate(Document(items:
        [
            Item(code: "S-1") with { Steps = six },
            Item(code: "S-2") with { Steps = [new("收件", 0), new("会商", 1)] },
            Item(code: "S-3") with { Steps = [new("决定", 1), new("受理", 1)] },
            Item(code: "S-4", promised: 5) with { Steps = [new("受理", 2), new("审核", 3), new("决定", 1)] },
            Item(code: "S-5", promised: 5) with { Steps = [new("受理", 2), new("审核", 2), new("决定", 1)] },
        ]));

        Assert.Contains(problems, p => p.Contains("S-1 v1 has 6 steps; at most 5"));
        Assert.Contains(problems, p => p.Contains("S-2 v1 has step '会商'") && p.Contains("流程之外无环节"));
        Assert.Contains(problems, p => p.Contains("S-3 v1 lists its steps twice or out of order"));
        Assert.Contains(problems, p => p.Contains("S-4 v1: its steps' limits sum to 6 working days, more than its promised 5"));
        Assert.DoesNotContain(problems, p => p.Contains("S-5"));
    }

    [Fact]
    public void Should_refuse_material_review_points_that_contradict_each_other()
    {
        var problems = ServiceCatalogue.Validate(Document(items:
        [
            Item(code: "R-1", materials:
            [
                new("M1", "申请书", true, "electronic") { ToleranceAllowed = true },
                new("M2", "照片", false, "electronic") { ToleranceAllowed = true, SupplementDays = 3 },
                new("M3", "复印件", true, "paper") { Copies = 0 },
            ]) with { DeliveryMethods = ["post", "drone"] },
        ]));
        Assert.Contains(problems, p => p.Contains("M1") && p.Contains("without a supplement limit"));
        Assert.Contains(problems, p => p.Contains("M2") && p.Contains("optional"));
        Assert.Contains(problems, p => p.Contains("M3") && p.Contains("0 copies"));
        Assert.Contains(problems, p => p.Contains("delivery 'drone'"));
    }

    [Fact]
    public void Should_take_the_newest_version_in_effect_and_keep_every_version_reachable()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var catalogue = ServiceCatalogue.Create(Document(items:
        [
            Item(promised: 5),
            Item(promised: 3) with { Version = 2, EffectiveFrom = new DateOnly(2026, 12, 1) },
        ]), clock: clock);

        Assert.Equal(1, catalogue.Item("I-1")!.Version);                       // version 2 is published but not yet in effect
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero)); // 1 December 00:00 in Beijing
        Assert.Equal(2, catalogue.Item("I-1")!.Version);
        Assert.Equal(5, catalogue.Item("I-1", 1)!.PromisedDays);               // a case received under version 1 keeps it
        Assert.Null(catalogue.Item("I-1", 3));
        Assert.Single(catalogue.Items);
        Assert.Equal(2, catalogue.AllVersions.Count);
    }

    [Fact]
    public void Should_refuse_versions_of_one_item_that_disagree_on_its_department_or_repeat_a_version()
    {
        var problems = ServiceCatalogue.Validate(Document(
            items: [Item(), Item() with { Version = 2, DepartmentCode = "GA" }, Item()],
            departments: [new Department("SCJG", "市场监管局", "rest"), new Department("GA", "公安局", "soap")]));
        Assert.Contains(problems, p => p.Contains("belongs to SCJG in one version and to GA in another"));
        Assert.Contains(problems, p => p.Contains("item I-1 appears twice with version 1"));
    }

    [Fact]
    public void Should_ship_the_newborn_bundle_asking_once_for_what_its_items_share()
    {
        var catalogue = ServiceCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Data", "catalogue.json"));
        var newborn = catalogue.Bundle("410700-ONE-NEWBORN")!;
        var members = newborn.Members.Select(m => catalogue.Item(m.ItemCode)!).ToList();
        Assert.Equal(7, members.Count);
        // Departments of all four protocols take part in the newborn bundle alone.
        Assert.Equal(Protocols.All.Order(), newborn.Members
            .Select(m => catalogue.Department(catalogue.Item(m.ItemCode)!.DepartmentCode)!.Protocol).Distinct().Order());

        var askedOnce = newborn.Materials.Count(m => m.ProducedBy is null);
        var requiredByItems = members.Sum(i => i.Materials.Count(m => m.Required));
        Assert.Equal(7, askedOnce);
        Assert.Equal(13, requiredByItems);
        Assert.Equal(8, newborn.Form.Count);
        Assert.Equal(16, newborn.Form.Sum(f => f.UsedBy.Count));   // field uses across the members, each asked once
        Assert.True(ServiceCatalogue.DependsOn(newborn, "410700-RS-001", "410700-WJW-001"));   // through the household registration
    }

    [Fact]
    public void Should_refuse_bundles_that_break_a_rule_listing_every_problem()
    {
        var items = new[]
        {
            Item("A", materials: [new("MA", "a", true, "electronic")]),
            Item("B", materials: [new("MB1", "b1", true, "electronic"), new("MB2", "b2", true, "electronic")]),
            Item("C", materials: [new("MC", "c", true, "electronic")]),
        };
        Bundle With(params BundleMember[] members) => new("BUN", "一件事", "SCJG", members, [],
            [new BundleMaterial("X1", "a", new Dictionary<string, string> { ["A"] = "MA" }),
             new BundleMaterial("X2", "b", new Dictionary<string, string> { ["B"] = "MB1", ["C"] = "MC" }) { ProducedBy = "A" }]);
        var problems = ServiceCatalogue.Validate(Document(items: items) with
        {
            Bundles =
            [
                With(new("A", null), new("B", ["C"]), new("C", ["B"])),
                new Bundle("ONE", "x", "NOPE", [new("A", null), new("Z", ["Q"])], [],
                    [new BundleMaterial("Y", "y", new Dictionary<string, string> { ["A"] = "M-NOT-THERE" })]),
            ],
        });

        Assert.Contains(problems, p => p.Contains("bundle BUN: its dependencies form a cycle"));
        Assert.Contains(problems, p => p.Contains("bundle BUN: the combined list does not collect MB2"));
        Assert.Contains(problems, p => p.Contains("bundle ONE: unknown lead department 'NOPE'"));
        Assert.Contains(problems, p => p.Contains("bundle ONE: member Z is not in the catalogue"));
        Assert.Contains(problems, p => p.Contains("bundle ONE: Z depends on Q, which is not another member"));
        Assert.Contains(problems, p => p.Contains("maps to M-NOT-THERE, which is not on the material list of A"));

        var unordered = ServiceCatalogue.Validate(Document(items: items) with { Bundles = [With(new("A", null), new("B", null), new("C", ["A"]))] });
        Assert.Contains(unordered, p => p.Contains("B uses X2, the result of A, without depending on A"));
        Assert.DoesNotContain(unordered, p => p.Contains("C uses X2"));
    }
}

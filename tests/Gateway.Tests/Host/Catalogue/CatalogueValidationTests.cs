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

        Assert.Contains(problems, p => p.Contains("I-1 promises 30 working days"));
        Assert.Contains(problems, p => p.Contains("I-2 belongs to unknown department 'NOPE'"));
        Assert.Contains(problems, p => p.Contains("I-3 has case type 'someday'"));
        Assert.Contains(problems, p => p.Contains("item I-3 appears twice"));
        Assert.Contains(problems, p => p.Contains("lists material M1 twice"));
        Assert.Contains(problems, p => p.Contains("medium 'fax'"));
        Assert.Contains(problems, p => p.Contains("protocol 'carrier-pigeon'"));
        var ex = Assert.Throws<InvalidDataException>(() => ServiceCatalogue.Create(document));
        Assert.Contains("carrier-pigeon", ex.Message);
    }
}

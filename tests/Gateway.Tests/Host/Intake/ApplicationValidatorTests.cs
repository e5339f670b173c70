using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Host.Catalogue;
using Gateway.Host.Intake;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Host.Intake;

public class ApplicationValidation
{
    static readonly ServiceCatalogue Catalogue = ServiceCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Data", "catalogue.json"));

    static ApplicationValidator.Result Validate(JsonObject application) =>
        ApplicationValidator.Validate(application.Deserialize<ApplicationRequest>(TestGateway.Json), Catalogue);

    [Fact]
    public void Should_accept_the_demo_application_and_build_the_canonical_model()
    {
        var result = Validate(Applications.Valid("key-12345678"));
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(",", e.Value)}")));
        Assert.Equal("key-12345678", result.Application!.IdempotencyKey);
        Assert.Equal(2, result.Application.Materials.Count);
        Assert.Equal("红旗区好味早餐店", ((JsonElement)result.Application.FormData["tradeName"]!).GetString());
    }

    [Fact]
    public void Should_name_a_wrong_resident_id_check_digit()
    {
        var result = Validate(Applications.With(a => a["applicant"]!["idNumber"] = "11010519491231002" + "1"));
        Assert.Contains("check digit", result.Errors["applicant.idNumber"].Single());
    }

    [Fact]
    public void Should_name_a_wrong_unified_social_credit_code_for_an_organisation()
    {
        var result = Validate(Applications.With(a =>
        {
            a["applicant"]!["kind"] = "organisation";
            a["applicant"]!["idType"] = "uscc";
            a["applicant"]!["idNumber"] = "91350100M000100Y44";
        }));
        Assert.Contains("check character", result.Errors["applicant.idNumber"].Single());
    }

    [Fact]
    public void Should_name_a_material_whose_hash_does_not_match_its_content()
    {
        var result = Validate(Applications.With(a => a["materials"]![1]!["sha256"] = new string('0', 64)));
        Assert.Contains("does not match", result.Errors["materials[1].sha256"].Single());
    }

    [Fact]
    public void Should_refuse_items_and_materials_outside_the_catalogue()
    {
        Assert.Contains("not in the catalogue", Validate(Applications.With(a => a["itemCode"] = "410700-XX-404")).Errors["itemCode"].Single());
        var result = Validate(Applications.With(a => a["materials"]![0]!["code"] = "M-UNLISTED"));
        Assert.Contains("not on the material list", result.Errors["materials[0].code"].Single());
        Assert.False(result.Errors.ContainsKey("materials"));   // that the required one is now missing is for the one-time notice
    }

    [Fact]
    public void Should_report_every_problem_at_once()
    {
        var result = Validate(Applications.With(a =>
        {
            a.Remove("idempotencyKey");
            a["applicant"]!["phone"] = "12345";
            a["applyingWindow"]!["regionCode"] = "41";
            a["delivery"] = new JsonObject { ["method"] = "post" };
        }));
        Assert.Equal(["applicant.phone", "applyingWindow.regionCode", "delivery.address", "idempotencyKey"], result.Errors.Keys.Order());
    }
}

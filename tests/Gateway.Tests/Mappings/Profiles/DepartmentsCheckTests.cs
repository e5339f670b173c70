using System.Text.RegularExpressions;
using Gateway.Mappings.Profiles;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Mappings.Profiles;

/// <summary>
/// <c>departments check</c> refuses a broken example of each of its rules, naming the file and line to fix; the shipped profiles pass.
/// Each case breaks a private copy of the shipped profiles in one place.
/// </summary>
public class DepartmentsCheckRules
{
    static IReadOnlyList<ProfileProblem> CheckAfter(Action<string> breakIt, string? department = null)
    {
        var folder = TestProfiles.Copy();
        try
        {
            breakIt(folder);
            return ProfileChecker.Check(new DepartmentProfiles(folder), TestProfiles.Catalogue(), department);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static void Edit(string folder, string file, string from, string to)
    {
        var path = Path.Combine(folder, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }

    static int LineOf(string folder, string file, string text) =>
        File.ReadAllLines(Path.Combine(folder, file)).Select((l, i) => (l, i)).First(x => x.l.Contains(text)).i + 1;

    static ProfileProblem Single(IReadOnlyList<ProfileProblem> problems, string rule, string fileEnding)
    {
        var found = problems.Where(p => p.Rule == rule).ToList();
        Assert.True(found.Count > 0, $"no '{rule}' problem among: {string.Join(" | ", problems)}");
        var problem = found[0];
        Assert.EndsWith(fileEnding, problem.File.Replace('\\', '/'));
        return problem;
    }

    [Fact]
    public void Should_pass_the_shipped_profiles() => Assert.Empty(ProfileChecker.Check(TestProfiles.Load(), TestProfiles.Catalogue()));

    [Fact]
    public void Should_name_the_line_of_a_json_syntax_error()
    {
        var p = Single(CheckAfter(f => Edit(f, "GA/profile.json", "\"protocol\": \"soap\",", "\"protocol\": \"soap\"")), "json", "GA/profile.json");
        Assert.True(p.Line >= 5, p.ToString());
    }

    [Fact]
    public void Should_refuse_a_property_the_published_schema_does_not_know_at_its_line()
    {
        var folder = "";
        var p = Single(CheckAfter(f => { folder = f; Edit(f, "SCJG/profile.json", "\"version\":", "\"verison\": \"x\",\n  \"version\":"); }), "schema", "SCJG/profile.json");
        Assert.Contains("verison", p.Message);
        Assert.Equal(5, p.Line);
    }

    [Fact]
    public void Should_refuse_an_extends_that_leads_nowhere()
    {
        var p = Single(CheckAfter(f => Edit(f, "WJW/profile.json", "registration-interface/profile.json", "registration-interfaces/profile.json")), "extends", "WJW/profile.json");
        Assert.Equal(4, p.Line);
    }

    [Fact]
    public void Should_refuse_a_non_manual_department_without_a_profile()
    {
        var p = Single(CheckAfter(f => Directory.Delete(Path.Combine(f, "RS"), true)), "profile-missing", "RS/profile.json");
        Assert.Contains("filedrop", p.Message);
    }

    [Fact]
    public void Should_refuse_a_protocol_that_differs_from_the_catalogue()
    {
        var p = Single(CheckAfter(f => Edit(f, "GA/profile.json", "\"protocol\": \"soap\"", "\"protocol\": \"rest\"")), "protocol", "GA/profile.json");
        Assert.Equal(5, p.Line);
    }

    [Fact]
    public void Should_refuse_a_template_that_does_not_parse_naming_its_line()
    {
        var p = Single(CheckAfter(f => Edit(f, "GA/templates/CsdjSq.liquid", "<SlQh>{{ application.applyingWindow.regionCode }}</SlQh>",
            "<SlQh>{{ application.applyingWindow.regionCode | }}</SlQh>")), "template", "GA/templates/CsdjSq.liquid");
        Assert.Equal(6, p.Line);
    }

    [Fact]
    public void Should_refuse_a_template_naming_a_field_the_canonical_model_lacks()
    {
        var p = Single(CheckAfter(f => Edit(f, "_formats/registration-interface/templates/request.liquid", "application.applicant.name",
            "application.applicant.fullName")), "unknown-field", "_formats/registration-interface/templates/request.liquid");
        Assert.Contains("application.applicant.fullName", p.Message);
        Assert.Equal(10, p.Line);
    }

    [Fact]
    public void Should_refuse_an_item_without_a_template()
    {
        var p = Single(CheckAfter(f => Edit(f, "GA/profile.json", "\"template\": \"templates/CsdjSq.liquid\",", "\"items\": { \"410700-X\": \"templates/CsdjSq.liquid\" },")),
            "item-template", "GA/profile.json");
        Assert.Contains("410700-GA-001", p.Message);
        Assert.True(p.Line > 0);
    }

    [Fact]
    public void Should_refuse_an_incomplete_code_table_at_its_line()
    {
        var p = Single(CheckAfter(f => Edit(f, "RS/codes.json", "\"M-RS-001-02\": \"ZP\"", "\"M-RS-001-99\": \"ZP\"")), "code-complete", "RS/codes.json");
        Assert.Contains("M-RS-001-02", p.Message);
        Assert.Equal(13, p.Line);
    }

    [Fact]
    public void Should_refuse_two_materials_of_one_item_sharing_a_code()
    {
        var p = Single(CheckAfter(f => Edit(f, "WJW/codes.json", "\"M-WJW-001-02\": \"FMSFZ\"", "\"M-WJW-001-02\": \"CSJL\"")), "code-ambiguous", "WJW/codes.json");
        Assert.Contains("410700-WJW-001", p.Message);
        Assert.True(p.Line > 0);
    }

    [Fact]
    public void Should_refuse_a_template_whose_body_fails_its_schema()
    {
        var p = Single(CheckAfter(f => Edit(f, "GA/templates/CsdjSq.liquid", "<SqBh>{{ dispatch.caseNo }}</SqBh>", "<SqBianhao>{{ dispatch.caseNo }}</SqBianhao>")),
            "render", "GA/templates/CsdjSq.liquid");
        Assert.Contains("SqBianhao", p.Message);
        Assert.Contains("schema", p.Message);
    }

    [Fact]
    public void Should_refuse_a_template_whose_body_does_not_parse()
    {
        var p = Single(CheckAfter(f => Edit(f, "_formats/registration-interface/templates/request.liquid", "\"sqck\": \"{{ application.applyingWindow.windowId }}\",",
            "\"sqck\": \"{{ application.applyingWindow.windowId }}\"")), "render", "request.liquid");
        Assert.Contains("does not parse", p.Message);
    }

    [Fact]
    public void Should_refuse_an_invalid_reply_path()
    {
        var p = Single(CheckAfter(f => Edit(f, "GA/profile.json", "\"outcome\": \"ga:FhDm\"", "\"outcome\": \"gb:FhDm[\"")), "reply-path", "GA/profile.json");
        Assert.Equal(LineOfShipped("GA/profile.json", "\"outcome\""), p.Line);
    }

    [Fact]
    public void Should_refuse_a_sample_reply_that_reads_otherwise_than_it_says()
    {
        var p = Single(CheckAfter(f => Edit(f, "_formats/registration-interface/samples/reply-busy.json", "E503", "E504")), "sample", "_formats/registration-interface/profile.json");
        Assert.Contains("reply-busy.json", p.Message);
        Assert.True(p.Line > 0);
    }

    [Fact]
    public void Should_refuse_a_setting_name_that_is_not_a_department_setting()
    {
        var p = Single(CheckAfter(f => Edit(f, "RS/profile.json", "\"settings\": [\"OutboundFolder\", \"InboundFolder\"]", "\"settings\": [\"OutboundFolder\", \"InboundFolders\"]")),
            "schema", "RS/profile.json");
        Assert.Equal(6, p.Line);
    }

    [Fact]
    public void Should_refuse_a_result_field_naming_a_column_the_header_lacks()
    {
        var p = Single(CheckAfter(f => Edit(f, "RS/profile.json", "\"noticeNo\": \"slbh\"", "\"noticeNo\": \"slh\"")), "file", "RS/profile.json");
        Assert.Contains("slh", p.Message);
        Assert.True(p.Line > 0);
    }

    [Fact]
    public void Should_refuse_a_profile_in_a_folder_of_another_name()
    {
        var p = Single(CheckAfter(f => Edit(f, "RS/profile.json", "\"department\": \"RS\"", "\"department\": \"RSJ\"")), "department", "RS/profile.json");
        Assert.Equal(3, p.Line);
    }

    static int LineOfShipped(string file, string text) => LineOf(TestProfiles.Folder, file, text);
}

using System.Text.Json;
using AutoMapper;

namespace Gateway.Mappings.Departments.MarketRegulation;

public sealed class ScjgPayloadMapper(IMapper mapper) : DepartmentPayloadMapper<ScjgRegistrationRequest>(mapper)
{
    public override string DepartmentCode => ScjgProfile.Department;

    /// <summary>Their reply: <c>{"code":"0","msg":"成功","slbh":"their reference"}</c>; any other code is a refusal.</summary>
    protected override DepartmentReply ParseReply(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var code = root.TryGetProperty("code", out var c) ? c.ToString() : null;
        var message = root.TryGetProperty("msg", out var m) ? m.GetString() : null;
        var reference = root.TryGetProperty("slbh", out var r) ? r.GetString() : null;
        return new DepartmentReply(code == "0", reference, message);
    }
}

using System.Text.Json;
using AutoMapper;
using Microsoft.Extensions.Logging;

namespace Gateway.Mappings.Departments.MarketRegulation;

public sealed class ScjgPayloadMapper(IMapper mapper) : RegistrationInterfacePayloadMapper(ScjgProfile.Department, mapper);

/// <summary>
/// A department whose system speaks the provincial registration interface with its own code tables: the health commission's (卫健委)
/// birth medical certificate and vaccination system. It has its own mapper configuration, since its codes differ from SCJG's.
/// </summary>
public sealed class WjwPayloadMapper(ILoggerFactory loggers, string? licenseKey) : RegistrationInterfacePayloadMapper(Department,
    new MapperConfiguration(cfg =>
    {
        if (!string.IsNullOrWhiteSpace(licenseKey)) cfg.LicenseKey = licenseKey;
        cfg.AddProfile(new ScjgProfile(Department));
    }, loggers).CreateMapper())
{
    public const string Department = "WJW";
}

/// <summary>The provincial registration interface: the request of <see cref="ScjgProfile"/>, and its reply.</summary>
public abstract class RegistrationInterfacePayloadMapper(string department, IMapper mapper) : DepartmentPayloadMapper<ScjgRegistrationRequest>(mapper)
{
    public override string DepartmentCode => department;

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

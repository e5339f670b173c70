using System.Xml;
using System.Xml.Linq;
using Gateway.Contracts.Soap;
using Gateway.Mappings.Rendering;
using Gateway.Simulators.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Soap;

/// <summary>
/// A simulated legacy SOAP department system generated from the department's profile: takes SOAP 1.1 envelopes (WS-Security
/// UsernameToken) on <c>POST {simulator.path}</c>, publishes the department's own WSDL (<c>soap.wsdl</c>) on <c>GET {path}?wsdl</c> with
/// its real address, reads the operation element by the profile's XPaths, answers with its reply template, then reports back to the
/// gateway's SOAP report service. Scripting as for every simulator: <c>/sim/cases</c>, <c>/sim/behaviour</c>, <c>/sim/outage</c>.
/// </summary>
public static class SoapDepartmentSimulator
{
    static readonly XNamespace Wsdl = "http://schemas.xmlsoap.org/wsdl/";
    static readonly XNamespace WsdlSoap = "http://schemas.xmlsoap.org/wsdl/soap/";

    public static WebApplication Build(DepartmentSimulatorOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = SimulatorHost.CreateBuilder(options.Url, options.Behaviour, logging, options.JournalFile);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new SimulatorReplies(options.Profile));
        builder.Services.AddHttpClient(nameof(SoapReportSender));
        builder.Services.AddSingleton<SoapReportSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SoapReportSender>());
        var app = builder.Build();
        var path = options.Spec.Path;
        app.MapGet(path, (HttpContext http) =>
            http.Request.Query.ContainsKey("wsdl") && options.Profile.Profile.Soap?.Wsdl is { } wsdl
                ? Results.Text(WsdlAt(wsdl, $"{http.Request.Scheme}://{http.Request.Host}{path}"), "text/xml; charset=utf-8")
                : Results.Text($"{options.DepartmentCode} service: POST SOAP 1.1 envelopes here; ?wsdl for the contract.", "text/plain"));
        app.MapPost(path, TakeDispatch);
        SimulatorScripting.Map(app);
        return app;
    }

    /// <summary>The department's WSDL with its service address set to where this simulator listens.</summary>
    public static string WsdlAt(string file, string location)
    {
        var wsdl = XDocument.Parse(File.ReadAllText(file));
        foreach (var address in wsdl.Descendants(WsdlSoap + "address")) address.SetAttributeValue("location", location);
        return wsdl.Declaration + Environment.NewLine + wsdl.Root;
    }

    static IResult Fault(string code, string message) => Results.Text(SoapEnvelope.Fault(code, message), SoapEnvelope.ContentType, statusCode: 500);

    static async Task<IResult> TakeDispatch(HttpContext http, DepartmentSimulatorOptions options, DepartmentState state, SoapReportSender sender,
        SimulatorReplies replies)
    {
        IResult Reply(string outcome, string fallback, string message, string? reference = null) => Results.Text(
            SoapEnvelope.Build(BodyFormat.ParseXml(replies.Render(replies.Code(outcome, fallback), message, reference))), SoapEnvelope.ContentType);

        state.CountCall();
        if (await state.SufferOutageAsync(http.RequestAborted) is not null) return Fault("Server", "系统维护中,请稍后再试");

        string text;
        using (var reader = new StreamReader(http.Request.Body)) text = await reader.ReadToEndAsync(http.RequestAborted);
        SoapEnvelope.Message message;
        try
        {
            message = SoapEnvelope.Parse(text);
        }
        catch (SoapFormatException ex)
        {
            return Fault(ex.Code, ex.Message);
        }

        if (!string.IsNullOrEmpty(options.ExpectedUsername))
        {
            var token = UsernameToken.Read(message.Header);
            if (token is null || token.Username != options.ExpectedUsername || !token.Matches(options.ExpectedPassword ?? ""))
                return Fault("Client", "wsse:FailedAuthentication 身份认证失败");
        }

        if (message.Body is not { } body) return Fault("Client", "报文没有操作元素");
        var spec = options.Spec;
        SimulatedDispatch request;
        try
        {
            request = SimulatedDispatch.Read(ReadableDocument.Of(body, options.Profile.Profile.Reply?.Namespaces), spec);
        }
        catch (Exception ex) when (ex is XmlException or FormatException)
        {
            return Fault("Client", "报文格式错误: " + ex.Message);
        }
        if (request.CaseNo is not { Length: > 0 } caseNo || request.Item is not { Length: > 0 } item || request.IdNumber is not { Length: > 0 })
            return Fault("Client", $"未知操作 {body.Name} 或缺少必填项 {spec.Read.CaseNo}/{spec.Read.Item}/{spec.Read.IdNumber}");
        if (!spec.Items.TryGetValue(item, out var licence)) return Reply("unknownItem", "2001", $"事项代码 {item} 不存在");
        if (request.BadHash() is { } bad) return Reply("badHash", "2002", $"材料 {bad.Code} 校验值不符");
        if (request.Withdrawn) return Reply("taken", "0", $"撤回成功: {request.WithdrawalReason}", state.Withdraw(caseNo)?.Reference);

        var behaviour = state.Behaviour;
        if (behaviour.ReplyLatencyMs > 0) await Task.Delay(behaviour.ReplyLatencyMs, http.RequestAborted);
        if (behaviour.RejectDispatches) return Reply("refused", "2003", "人口信息比对不通过,拒绝接收");

        var (stored, fresh) = state.Take(caseNo, request.CorrectionRound, request.PreReview, () => request.NewCase(state.NextReference(options.DepartmentCode)));
        if (fresh && !request.DecidedAtWindow) sender.Play(stored, behaviour, options.DepartmentCode, (licence.LicenceType, licence.ValidYears));
        return Reply("taken", "0", fresh ? "受理成功" : "重复报送,已受理", stored.Reference);
    }
}

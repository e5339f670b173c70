using System.Security.Cryptography;
using System.Xml.Linq;
using System.Xml.Serialization;
using Gateway.Contracts.Soap;
using Gateway.Simulators.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Soap;

/// <summary>
/// A simulated legacy SOAP department system: the public security bureau's household-registration service. It takes
/// <c>CsdjSq</c> envelopes (SOAP 1.1, WS-Security UsernameToken) on <c>POST /hjgl/CsdjService</c>, publishes its own WSDL on
/// <c>GET /hjgl/CsdjService?wsdl</c>, answers with its own reference, then reports back to the gateway's SOAP report service.
/// Scripting as for every simulator: <c>/sim/cases</c>, <c>/sim/behaviour</c>, <c>/sim/outage</c>.
/// </summary>
public static class SoapDepartmentSimulator
{
    static readonly XNamespace Ns = HouseholdRegistration.Namespace;

    public static WebApplication Build(SoapSimulatorOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = SimulatorHost.CreateBuilder(options.Url, options.Behaviour, logging);
        builder.Services.AddSingleton(options);
        builder.Services.AddHttpClient(nameof(SoapReportSender));
        builder.Services.AddSingleton<SoapReportSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SoapReportSender>());
        var app = builder.Build();
        app.MapGet(HouseholdRegistration.ServicePath, (HttpContext http) =>
            http.Request.Query.ContainsKey("wsdl")
                ? Results.Text(Wsdl($"{http.Request.Scheme}://{http.Request.Host}{HouseholdRegistration.ServicePath}"), "text/xml")
                : Results.Text("Household registration service: POST SOAP 1.1 envelopes here; ?wsdl for the contract.", "text/plain"));
        app.MapPost(HouseholdRegistration.ServicePath, TakeDispatch);
        SimulatorScripting.Map(app);
        return app;
    }

    public static Task<(WebApplication App, string Url)> StartAsync(SoapSimulatorOptions options, Action<ILoggingBuilder>? logging = null,
        CancellationToken cancellationToken = default) => SimulatorHost.StartAsync(Build(options, logging), cancellationToken);

    static IResult Fault(string code, string message) => Results.Text(SoapEnvelope.Fault(code, message), SoapEnvelope.ContentType, statusCode: 500);

    static async Task<IResult> TakeDispatch(HttpContext http, SoapSimulatorOptions options, DepartmentState state, SoapReportSender sender)
    {
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

        var body = message.Body;
        if (body is null || body.Name != Ns + "CsdjSq")
            return Fault("Client", $"未知操作 {body?.Name}");
        CsdjSq request;
        try
        {
            request = (CsdjSq)new XmlSerializer(typeof(CsdjSq)).Deserialize(body.CreateReader())!;
        }
        catch (InvalidOperationException ex)
        {
            return Fault("Client", "报文格式错误: " + ex.Message);
        }

        if (request.SqBh is not { Length: > 0 } caseNo || request.SxDm is not { Length: > 0 } item || request.SqrZjhm is not { Length: > 0 })
            return Fault("Client", "缺少必填项 SqBh/SxDm/SqrZjhm");
        XElement Reply(string code, string message, string? reference) =>
            new(Ns + "CsdjSqResponse", new XElement(Ns + "FhDm", code), new XElement(Ns + "FhXx", message),
                reference is null ? null : new XElement(Ns + "SlBh", reference));
        IResult Answer(XElement reply) => Results.Text(SoapEnvelope.Build(reply), SoapEnvelope.ContentType);

        if (!HouseholdRegistration.Items.TryGetValue(item, out var licence))
            return Answer(Reply("2001", $"事项代码 {item} 不存在", null));
        foreach (var m in request.Clxx ?? [])
        {
            if (m.ClNr is null || m.ClHx is null) continue;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(m.ClNr)));
            if (!string.Equals(hash, m.ClHx, StringComparison.OrdinalIgnoreCase)) return Answer(Reply("2002", $"材料 {m.ClDm} 校验值不符", null));
        }

        if (request.CxBz == "1") return Answer(Reply("0", $"撤回成功: {request.CxYy}", state.Withdraw(caseNo)?.Reference));

        var behaviour = state.Behaviour;
        if (behaviour.ReplyLatencyMs > 0) await Task.Delay(behaviour.ReplyLatencyMs, http.RequestAborted);
        if (behaviour.RejectDispatches) return Answer(Reply("2003", "人口信息比对不通过,拒绝接收", null));

        var (stored, fresh) = state.Take(caseNo, request.BzLc, request.YsBz == "1", () => new SimulatedCase(caseNo, state.NextReference(options.DepartmentCode), item,
            request.SqrXm ?? "", request.SqrZjhm!, DateTime.UtcNow, 1, [], request.BzLc,
            (request.Clxx ?? []).Select(m => m.ClDm).OfType<string>().ToList()));
        if (fresh && request.JbBz != "1") sender.Play(stored, behaviour, options.DepartmentCode, licence);
        return Answer(Reply("0", fresh ? "受理成功" : "重复报送,已受理", stored.Reference));
    }

    /// <summary>The service's own WSDL (SOAP 1.1 document/literal).</summary>
    public static string Wsdl(string location) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
            xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="{HouseholdRegistration.Namespace}"
            targetNamespace="{HouseholdRegistration.Namespace}" name="CsdjService">
          <wsdl:types>
            <xs:schema targetNamespace="{HouseholdRegistration.Namespace}" elementFormDefault="qualified">
              <xs:element name="CsdjSq">
                <xs:complexType><xs:sequence>
                  <xs:element name="YwLsh" type="xs:string"/>
                  <xs:element name="SqBh" type="xs:string"/>
                  <xs:element name="SxDm" type="xs:string"/>
                  <xs:element name="SqSj" type="xs:string"/>
                  <xs:element name="SlQh" type="xs:string"/>
                  <xs:element name="SqrLx" type="xs:string"/>
                  <xs:element name="SqrXm" type="xs:string"/>
                  <xs:element name="SqrZjlx" type="xs:string"/>
                  <xs:element name="SqrZjhm" type="xs:string"/>
                  <xs:element name="SqrLxdh" type="xs:string" minOccurs="0"/>
                  <xs:element name="Clxx"><xs:complexType><xs:sequence>
                    <xs:element name="Cl" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                      <xs:element name="ClDm" type="xs:string"/>
                      <xs:element name="ClMc" type="xs:string"/>
                      <xs:element name="ClXs" type="xs:string"/>
                      <xs:element name="ClHx" type="xs:string" minOccurs="0"/>
                      <xs:element name="ClNr" type="xs:base64Binary" minOccurs="0"/>
                      <xs:element name="ClDz" type="xs:string" minOccurs="0"/>
                    </xs:sequence></xs:complexType></xs:element>
                  </xs:sequence></xs:complexType></xs:element>
                  <xs:element name="Bdxx"><xs:complexType><xs:sequence>
                    <xs:element name="Xm" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:simpleContent>
                      <xs:extension base="xs:string"><xs:attribute name="Mc" type="xs:string"/></xs:extension>
                    </xs:simpleContent></xs:complexType></xs:element>
                  </xs:sequence></xs:complexType></xs:element>
                  <xs:element name="SdFs" type="xs:string"/>
                  <xs:element name="YjDz" type="xs:string" minOccurs="0"/>
                  <xs:element name="BzLc" type="xs:int" minOccurs="0"/>
                  <xs:element name="CxBz" type="xs:string" minOccurs="0"/>
                  <xs:element name="CxYy" type="xs:string" minOccurs="0"/>
                  <xs:element name="JbBz" type="xs:string" minOccurs="0"/>
                  <xs:element name="YsBz" type="xs:string" minOccurs="0"/>
                </xs:sequence></xs:complexType>
              </xs:element>
              <xs:element name="CsdjSqResponse">
                <xs:complexType><xs:sequence>
                  <xs:element name="FhDm" type="xs:string"/>
                  <xs:element name="FhXx" type="xs:string"/>
                  <xs:element name="SlBh" type="xs:string" minOccurs="0"/>
                </xs:sequence></xs:complexType>
              </xs:element>
            </xs:schema>
          </wsdl:types>
          <wsdl:message name="SubmitCsdjSqRequest"><wsdl:part name="parameters" element="tns:CsdjSq"/></wsdl:message>
          <wsdl:message name="SubmitCsdjSqResponse"><wsdl:part name="parameters" element="tns:CsdjSqResponse"/></wsdl:message>
          <wsdl:portType name="CsdjServicePortType">
            <wsdl:operation name="SubmitCsdjSq">
              <wsdl:input message="tns:SubmitCsdjSqRequest"/>
              <wsdl:output message="tns:SubmitCsdjSqResponse"/>
            </wsdl:operation>
          </wsdl:portType>
          <wsdl:binding name="CsdjServiceBinding" type="tns:CsdjServicePortType">
            <soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
            <wsdl:operation name="SubmitCsdjSq">
              <soap:operation soapAction="{HouseholdRegistration.SubmitAction}"/>
              <wsdl:input><soap:body use="literal"/></wsdl:input>
              <wsdl:output><soap:body use="literal"/></wsdl:output>
            </wsdl:operation>
          </wsdl:binding>
          <wsdl:service name="CsdjService">
            <wsdl:port name="CsdjServicePort" binding="tns:CsdjServiceBinding"><soap:address location="{location}"/></wsdl:port>
          </wsdl:service>
        </wsdl:definitions>
        """;
}

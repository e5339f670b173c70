using System.Net;
using System.Text;
using System.Xml.Linq;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Soap;
using Gateway.Mappings;
using Gateway.Mappings.Profiles;
using Gateway.Mappings.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Adapters.Soap;

/// <summary>
/// Delivers a dispatch to a department's legacy SOAP 1.1 service: the operation element its profile renders, in an envelope with a WS-Security UsernameToken and the department's SOAPAction. A Client fault
/// is a refusal; a Server fault, like any 5xx, is retried.
/// </summary>
public sealed class SoapDepartmentAdapter(
    IHttpClientFactory httpClients,
    DepartmentResiliencePipelines pipelines,
    DepartmentProfiles profiles,
    IOptionsMonitor<DepartmentConnectionsOptions> connections,
    ILogger<SoapDepartmentAdapter> logger) : HttpDepartmentAdapter(httpClients, pipelines, profiles, connections, logger)
{
    public override string Protocol => "soap";

    protected override HttpRequestMessage CreateRequest(DispatchToDepartment dispatch, RenderedBody body, ProfileMapper mapper,
        DepartmentConnectionOptions connection)
    {
        var action = mapper.SoapAction ?? throw new InvalidOperationException($"The profile of {mapper.DepartmentCode} has no soap.action");
        var header = string.IsNullOrEmpty(connection.OutboundUsername)
            ? null
            : UsernameToken.Create(connection.OutboundUsername, connection.OutboundPassword ?? "")
                .ToHeader(mapper.Profile.Soap?.TimestampSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null);
        var envelope = SoapEnvelope.Build(BodyFormat.ParseXml(body.Text), header);
        var request = new HttpRequestMessage(HttpMethod.Post, connection.Endpoint)
        {
            Content = new StringContent(envelope, Encoding.UTF8, "text/xml"),
        };
        request.Headers.TryAddWithoutValidation("SOAPAction", $"\"{action}\"");
        return request;
    }

    protected override async Task<HttpResponseMessage> ClassifyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode != HttpStatusCode.InternalServerError) return response;
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        SoapEnvelope.Message message;
        try
        {
            message = SoapEnvelope.Parse(text);
        }
        catch (SoapFormatException)
        {
            return response; // a 500 without an envelope: the service is unwell, retry
        }
        if (message.Fault is not { IsSenderFault: true } fault) return response;
        response.Dispose();
        return new HttpResponseMessage(HttpStatusCode.UnprocessableEntity)
        {
            Content = new StringContent($"SOAP fault {fault.Code}: {fault.Message}{(fault.Detail is null ? "" : " (" + fault.Detail + ")")}"),
        };
    }

    protected override string? ReplyBody(string departmentCode, string responseBody)
    {
        try
        {
            return SoapEnvelope.Parse(responseBody).Body?.ToString(SaveOptions.DisableFormatting);
        }
        catch (SoapFormatException ex)
        {
            throw new UnreadableReplyException(departmentCode, ex.Message, ex);
        }
    }
}

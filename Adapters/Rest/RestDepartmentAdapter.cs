using System.Net.Http.Headers;
using Gateway.Contracts.Messages;
using Gateway.Mappings.Profiles;
using Gateway.Mappings.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Adapters.Rest;

/// <summary>
/// Delivers a dispatch to a department's REST system: POSTs the body its profile renders, in the profile's content type and charset,
/// to its endpoint with its API key.
/// </summary>
public sealed class RestDepartmentAdapter(
    IHttpClientFactory httpClients,
    DepartmentResiliencePipelines pipelines,
    DepartmentProfiles profiles,
    IOptionsMonitor<DepartmentConnectionsOptions> connections,
    ILogger<RestDepartmentAdapter> logger) : HttpDepartmentAdapter(httpClients, pipelines, profiles, connections, logger)
{
    public override string Protocol => "rest";

    protected override HttpRequestMessage CreateRequest(DispatchToDepartment dispatch, RenderedBody body, ProfileMapper mapper,
        DepartmentConnectionOptions connection)
    {
        var content = new ByteArrayContent(body.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(body.ContentType) { CharSet = body.Charset };
        var request = new HttpRequestMessage(HttpMethod.Post, connection.Endpoint) { Content = content };
        if (!string.IsNullOrEmpty(connection.OutboundApiKey)) request.Headers.Add("X-Api-Key", connection.OutboundApiKey);
        return request;
    }
}

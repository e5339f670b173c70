using System.Net.Http.Json;
using Gateway.Contracts.Messages;
using Gateway.Mappings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Adapters.Rest;

/// <summary>
/// Delivers a dispatch to a department's REST system: POSTs the department's own payload (from its mapping profile) as JSON to its
/// endpoint with its API key.
/// </summary>
public sealed class RestDepartmentAdapter(
    IHttpClientFactory httpClients,
    DepartmentResiliencePipelines pipelines,
    DepartmentPayloadMappers mappers,
    IOptionsMonitor<DepartmentConnectionsOptions> connections,
    ILogger<RestDepartmentAdapter> logger) : HttpDepartmentAdapter(httpClients, pipelines, mappers, connections, logger)
{
    public override string Protocol => "rest";

    protected override HttpRequestMessage CreateRequest(DispatchToDepartment dispatch, object payload, IDepartmentPayloadMapper mapper,
        DepartmentConnectionOptions connection)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, connection.Endpoint) { Content = JsonContent.Create(payload, payload.GetType()) };
        if (!string.IsNullOrEmpty(connection.OutboundApiKey)) request.Headers.Add("X-Api-Key", connection.OutboundApiKey);
        return request;
    }
}

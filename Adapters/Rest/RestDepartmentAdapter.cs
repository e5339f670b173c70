using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Contracts.Messages;
using Gateway.Mappings;
using Gateway.Mappings.CodeTables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Gateway.Adapters.Rest;

/// <summary>
/// Delivers a dispatch to a department's REST system: POSTs the department's own payload (from its mapping profile) as JSON to its
/// endpoint with its API key, through the department's resilience pipeline.
/// </summary>
public sealed class RestDepartmentAdapter(
    IHttpClientFactory httpClients,
    DepartmentResiliencePipelines pipelines,
    DepartmentPayloadMappers mappers,
    IOptionsMonitor<DepartmentConnectionsOptions> connections,
    ILogger<RestDepartmentAdapter> logger) : IDepartmentAdapter
{
    public const string HttpClientName = "department-rest";
    public string Protocol => "rest";

    public async Task<DispatchOutcome> DispatchAsync(DispatchToDepartment dispatch, CancellationToken cancellationToken)
    {
        var department = dispatch.DepartmentCode;
        var connection = connections.CurrentValue.For(department);
        if (string.IsNullOrWhiteSpace(connection.Endpoint))
            throw new DepartmentUnavailableException(department, $"no endpoint is configured (Departments:{department}:Endpoint)");

        object payload;
        try
        {
            payload = mappers.For(department).Map(dispatch);
        }
        catch (CodeNotMappedException ex)
        {
            return new DispatchOutcome.Rejected(ex.Message);
        }

        var client = httpClients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await pipelines.For(department).ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, connection.Endpoint)
                {
                    Content = JsonContent.Create(payload, payload.GetType()),
                };
                if (!string.IsNullOrEmpty(connection.OutboundApiKey)) request.Headers.Add("X-Api-Key", connection.OutboundApiKey);
                request.Headers.Add("X-Dispatch-Id", dispatch.DispatchId);
                return await client.SendAsync(request, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw new DepartmentUnavailableException(department, "circuit open after repeated failures", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            throw new DepartmentUnavailableException(department, ex.Message, ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (DepartmentResiliencePipelines.IsTransient(response.StatusCode))
                throw new DepartmentUnavailableException(department, $"HTTP {(int)response.StatusCode} after retries");
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Department {Department} refused dispatch {DispatchId} with HTTP {Status}", department, dispatch.DispatchId, (int)response.StatusCode);
                return new DispatchOutcome.Rejected($"HTTP {(int)response.StatusCode}: {Truncate(body)}");
            }

            DepartmentReply reply;
            try
            {
                reply = mappers.For(department).ReadReply(body);
            }
            catch (JsonException ex)
            {
                return new DispatchOutcome.Rejected($"unreadable reply: {ex.Message}");
            }

            return reply.Taken
                ? new DispatchOutcome.Delivered(reply.DepartmentReference)
                : new DispatchOutcome.Rejected(reply.Message ?? "refused without a message");
        }
    }

    static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "…";
}

using Gateway.Contracts.Messages;
using Gateway.Mappings;
using Gateway.Mappings.Profiles;
using Gateway.Mappings.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Gateway.Adapters;

/// <summary>
/// What the HTTP-based transports share: the department's profile (rendering and reply reading), its resilience pipeline (retry, circuit breaker, timeout),
/// and the rule that a transient failure is thrown (<see cref="DepartmentUnavailableException"/>) while a refusal is returned.
/// A transport says how a request is written and how a response is read.
/// </summary>
public abstract class HttpDepartmentAdapter(
    IHttpClientFactory httpClients,
    DepartmentResiliencePipelines pipelines,
    DepartmentProfiles profiles,
    IOptionsMonitor<DepartmentConnectionsOptions> connections,
    ILogger logger) : IDepartmentAdapter
{
    public const string HttpClientName = "department-http";

    public abstract string Protocol { get; }

    /// <summary>The request carrying <paramref name="payload"/>; built anew for every attempt.</summary>
    protected abstract HttpRequestMessage CreateRequest(DispatchToDepartment dispatch, RenderedBody body, ProfileMapper mapper,
        DepartmentConnectionOptions connection);

    /// <summary>
    /// Lets a transport turn a response that HTTP calls transient into a refusal before the pipeline retries it
    /// (a SOAP Client fault travels as HTTP 500).
    /// </summary>
    protected virtual Task<HttpResponseMessage> ClassifyAsync(HttpResponseMessage response, CancellationToken ct) => Task.FromResult(response);

    /// <summary>The department's reply body, or null when the response carries none (the caller then reports the HTTP status).</summary>
    protected virtual string? ReplyBody(string departmentCode, string responseBody) => responseBody;

    public async Task<DispatchOutcome> DispatchAsync(DispatchToDepartment dispatch, CancellationToken cancellationToken)
    {
        var department = dispatch.DepartmentCode;
        var connection = connections.CurrentValue.For(department);
        if (string.IsNullOrWhiteSpace(connection.Endpoint))
            throw new DepartmentUnavailableException(department, $"no endpoint is configured (Departments:{department}:Endpoint)");

        var mapper = profiles.For(department);
        RenderedBody body;
        try
        {
            body = mapper.Render(dispatch);
        }
        catch (DispatchRenderingException ex)
        {
            logger.LogError("Dispatch {DispatchId} cannot be rendered for {Department}: {Reason}", dispatch.DispatchId, department, ex.Message);
            return new DispatchOutcome.Rejected(ex.Message);
        }

        var client = httpClients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await pipelines.For(department).ExecuteAsync(async token =>
            {
                using var request = CreateRequest(dispatch, body, mapper, connection);
                request.Headers.TryAddWithoutValidation("X-Dispatch-Id", dispatch.DispatchId);
                var answer = await client.SendAsync(request, token).ConfigureAwait(false);
                return await ClassifyAsync(answer, token).ConfigureAwait(false);
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
            var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (DepartmentResiliencePipelines.IsTransient(response.StatusCode))
                throw new DepartmentUnavailableException(department, $"HTTP {(int)response.StatusCode} after retries");
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Department {Department} refused dispatch {DispatchId} with HTTP {Status}", department, dispatch.DispatchId,
                    (int)response.StatusCode);
                return new DispatchOutcome.Rejected($"HTTP {(int)response.StatusCode}: {Truncate(answer)}");
            }

            try
            {
                var reply = mapper.ReadReply(ReplyBody(department, answer) ?? throw new UnreadableReplyException(department, "empty reply"));
                if (reply.Transient)
                    throw new DepartmentUnavailableException(department, $"the department answered 'try later': {reply.Message}");
                return reply.Taken
                    ? new DispatchOutcome.Delivered(reply.DepartmentReference)
                    : new DispatchOutcome.Rejected(reply.Message ?? "refused without a message");
            }
            catch (UnreadableReplyException ex)
            {
                return new DispatchOutcome.Rejected(ex.Message);
            }
        }
    }

    protected static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "…";
}

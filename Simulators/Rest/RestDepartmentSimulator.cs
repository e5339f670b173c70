using System.Security.Cryptography;
using System.Text;
using Gateway.Contracts.Departments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Gateway.Simulators.Common;

namespace Gateway.Simulators.Rest;

/// <summary>
/// A simulated REST department system speaking the provincial registration interface (the market regulation bureau's approval
/// system, or the health commission's): takes dispatches in its own field names,
/// answers with its own reference, then reports receipt, acceptance, decision and licence back to the gateway, as its behaviour
/// script says. Endpoints:
/// <list type="bullet">
/// <item><c>POST /api/v1/registrations</c> the department's own dispatch API (X-Api-Key);</item>
/// <item><c>GET /sim/cases</c>, <c>GET|PUT /sim/behaviour</c>, <c>POST /sim/outage?seconds=&amp;status=</c> for scripting.</item>
/// </list>
/// </summary>
public static class RestDepartmentSimulator
{
    public const string DispatchPath = "/api/v1/registrations";

    public static WebApplication Build(RestSimulatorOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = SimulatorHost.CreateBuilder(options.Url, options.Behaviour, logging);
        builder.Services.AddSingleton(options);
        builder.Services.AddHttpClient(nameof(RestReportSender));
        builder.Services.AddSingleton<RestReportSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RestReportSender>());
        var app = builder.Build();
        Map(app);
        return app;
    }

    /// <summary>Starts a simulator and returns it with the URL it actually listens on (useful with port 0).</summary>
    public static Task<(WebApplication App, string Url)> StartAsync(RestSimulatorOptions options, Action<ILoggingBuilder>? logging = null,
        CancellationToken cancellationToken = default) => SimulatorHost.StartAsync(Build(options, logging), cancellationToken);

    static void Map(WebApplication app)
    {
        app.MapPost(DispatchPath, TakeDispatch);
        SimulatorScripting.Map(app);
    }

    static async Task<IResult> TakeDispatch(HttpContext http, RestSimulatorOptions options, DepartmentState state, RestReportSender sender)
    {
        state.CountCall();
        if (await state.SufferOutageAsync(http.RequestAborted) is { } status)
            return Results.Text("{\"code\":\"E503\",\"msg\":\"系统维护中\"}", "application/json", statusCode: status);

        if (!string.IsNullOrEmpty(options.ApiKey) && http.Request.Headers["X-Api-Key"] != options.ApiKey)
            return Results.Json(new RegistrationReply("E401", "接口密钥错误", null), statusCode: 401);

        RegistrationRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<RegistrationRequest>(http.RequestAborted);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Results.Json(new RegistrationReply("E400", "报文格式错误: " + ex.Message, null), statusCode: 400);
        }

        if (request?.Sqbh is not { Length: > 0 } caseNo || request.Sxbm is not { Length: > 0 } item || request.Sqrxx?.Zjhm is not { Length: > 0 })
            return Results.Json(new RegistrationReply("E400", "缺少必填字段 sqbh/sxbm/sqrxx", null), statusCode: 400);
        if (!RegistrationItems.Licences.ContainsKey(item))
            return Results.Json(new RegistrationReply("1001", $"事项编码 {item} 不存在", null));
        foreach (var m in request.Clxx ?? [])
        {
            if (m.Wjnr is null || m.Wjhx is null) continue;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(m.Wjnr)));
            if (!string.Equals(hash, m.Wjhx, StringComparison.OrdinalIgnoreCase))
                return Results.Json(new RegistrationReply("1002", $"材料 {m.Clbm} 哈希不符", null));
        }

        if (request.Cxbz == "1")
            return Results.Json(new RegistrationReply("0", $"撤回成功: {request.Cxyy}", state.Withdraw(caseNo)?.Reference));

        var behaviour = state.Behaviour;
        if (behaviour.ReplyLatencyMs > 0) await Task.Delay(behaviour.ReplyLatencyMs, http.RequestAborted);
        if (behaviour.RejectDispatches)
            return Results.Json(new RegistrationReply("1003", "申请人信息与登记系统不一致,拒绝接收", null));

        var (stored, fresh) = state.Take(caseNo, request.Bzlc, request.Ysbz == "1", () => new SimulatedCase(caseNo, state.NextReference(options.DepartmentCode), item,
            request.Sqrxx!.Sqrmc ?? "", request.Sqrxx.Zjhm!, DateTime.UtcNow, 1, [], request.Bzlc,
            (request.Clxx ?? []).Select(m => m.Clbm).OfType<string>().ToList()));
        if (fresh && request.Jbbz != "1") sender.Play(stored, behaviour, options.DepartmentCode, RegistrationItems.Licences[stored.ItemCode]);
        return Results.Json(new RegistrationReply("0", fresh ? "成功" : "重复报送,已受理", stored.Reference));
    }
}

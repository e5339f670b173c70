using System.Text.Json;
using Gateway.Mappings.Rendering;
using Gateway.Simulators.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Rest;

/// <summary>
/// A simulated REST department system generated from the department's profile: takes dispatches on <c>POST {simulator.path}</c>
/// (X-Api-Key), reads them by the profile's paths, answers with its reply template and its codes, then reports receipt, acceptance,
/// decision and licence back to the gateway as its behaviour script says. Scripting: <c>GET /sim/cases</c>, <c>GET|PUT /sim/behaviour</c>,
/// <c>POST /sim/outage?seconds=&amp;status=</c>.
/// </summary>
public static class RestDepartmentSimulator
{
    public static WebApplication Build(DepartmentSimulatorOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = SimulatorHost.CreateBuilder(options.Url, options.Behaviour, logging, options.JournalFile);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new SimulatorReplies(options.Profile));
        builder.Services.AddHttpClient(nameof(RestReportSender));
        builder.Services.AddSingleton<RestReportSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RestReportSender>());
        var app = builder.Build();
        app.MapPost(options.Spec.Path, TakeDispatch);
        SimulatorScripting.Map(app);
        return app;
    }

    static async Task<IResult> TakeDispatch(HttpContext http, DepartmentSimulatorOptions options, DepartmentState state, RestReportSender sender,
        SimulatorReplies replies)
    {
        IResult Reply(string outcome, string fallback, string message, string? reference = null, int status = 200) =>
            Results.Text(replies.Render(replies.Code(outcome, fallback), message, reference), "application/json; charset=utf-8", statusCode: status);

        state.CountCall();
        if (await state.SufferOutageAsync(http.RequestAborted) is { } down) return Reply("transient", "E503", "系统维护中", status: down);
        if (!string.IsNullOrEmpty(options.ApiKey) && http.Request.Headers["X-Api-Key"] != options.ApiKey)
            return Reply("unauthorised", "E401", "接口密钥错误", status: 401);

        SimulatedDispatch request;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            request = SimulatedDispatch.Read(ReadableDocument.Parse("json", await reader.ReadToEndAsync(http.RequestAborted)), options.Spec);
        }
        catch (JsonException ex)
        {
            return Reply("badRequest", "E400", "报文格式错误: " + ex.Message, status: 400);
        }
        var spec = options.Spec;
        if (request.CaseNo is not { Length: > 0 } caseNo || request.Item is not { Length: > 0 } item || request.IdNumber is not { Length: > 0 })
            return Reply("badRequest", "E400", $"缺少必填字段 {spec.Read.CaseNo}/{spec.Read.Item}/{spec.Read.IdNumber}", status: 400);
        if (!spec.Items.TryGetValue(item, out var licence)) return Reply("unknownItem", "1001", $"事项编码 {item} 不存在");
        if (request.BadHash() is { } bad) return Reply("badHash", "1002", $"材料 {bad.Code} 哈希不符");
        if (request.Withdrawn) return Reply("taken", "0", $"撤回成功: {request.WithdrawalReason}", state.Withdraw(caseNo)?.Reference);

        var behaviour = state.Behaviour;
        if (behaviour.ReplyLatencyMs > 0) await Task.Delay(behaviour.ReplyLatencyMs, http.RequestAborted);
        if (behaviour.RejectDispatches) return Reply("refused", "1003", "申请人信息与登记系统不一致,拒绝接收");

        var (stored, fresh) = state.Take(caseNo, request.CorrectionRound, request.PreReview, () => request.NewCase(state.NextReference(options.DepartmentCode)));
        if (fresh && !request.DecidedAtWindow) sender.Play(stored, behaviour, options.DepartmentCode, (licence.LicenceType, licence.ValidYears));
        return Reply("taken", "0", fresh ? "成功" : "重复报送,已受理", stored.Reference);
    }
}

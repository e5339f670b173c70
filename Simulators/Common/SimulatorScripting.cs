using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Simulators.Common;

/// <summary>
/// The scripting endpoints every simulator has: <c>GET /sim/cases</c>, <c>GET /sim/cases/{caseNo}</c>, <c>GET|PUT /sim/behaviour</c>,
/// <c>POST /sim/outage?seconds=&amp;status=</c> (status 0: hang) and <c>DELETE /sim/outage</c>.
/// </summary>
public static class SimulatorScripting
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/sim");
        sim.MapGet("/cases", (DepartmentState s) => Results.Ok(new { dispatchCalls = s.DispatchCalls, cases = s.Cases }));
        sim.MapGet("/cases/{caseNo}", (string caseNo, DepartmentState s) => s.Find(caseNo) is { } c ? Results.Ok(c) : Results.NotFound());
        sim.MapGet("/behaviour", (DepartmentState s) => Results.Ok(s.Behaviour));
        sim.MapPut("/behaviour", (SimulatorBehaviour behaviour, DepartmentState s) =>
        {
            if (!SimulatorBehaviour.Outcomes.All.Contains(behaviour.Outcome))
                return Results.BadRequest(new { error = $"outcome must be one of {string.Join(", ", SimulatorBehaviour.Outcomes.All)}" });
            if (behaviour.Fault is { } fault && !SimulatorBehaviour.Faults.All.Contains(fault))
                return Results.BadRequest(new { error = $"fault must be one of {string.Join(", ", SimulatorBehaviour.Faults.All)}" });
            s.Behaviour = behaviour;
            return Results.Ok(behaviour);
        });
        sim.MapPost("/outage", (double seconds, int? status, DepartmentState s) =>
        {
            s.Outage = new SimulatedOutage(DateTime.UtcNow.AddSeconds(seconds), status ?? 503);
            return Results.Ok(s.Outage);
        });
        sim.MapDelete("/outage", (DepartmentState s) => { s.Outage = null; return Results.NoContent(); });
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Host.Benchmark;

public sealed record Percentiles(int Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static Percentiles Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return new Percentiles(0, 0, 0, 0, 0);
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, At(0.50), At(0.95), At(0.99), sorted[^1]);
    }
}

public sealed record TargetCheck(string Target, bool Met, string Figure);

public sealed record ProtocolFigures(string Kind, string Protocol, int Cases, Percentiles SubmitToDispatched, Percentiles SubmitToCompleted);

public sealed record BenchResult
{
    public required string RunId { get; init; }
    public required DateTime StartedAt { get; init; }
    public required string Machine { get; init; }
    /// <summary>Runtime settings the hosts were started with (environment variables).</summary>
    public string HostEnvironment { get; init; } = "";
    public required int Hosts { get; init; }
    public required int Concurrency { get; init; }
    public required int Clerks { get; init; }
    /// <summary>Applications per second offered; 0 when submitted as fast as the hosts took them.</summary>
    public required double OfferedRate { get; init; }
    public required int SingleItemCases { get; init; }
    public required int Bundles { get; init; }
    public required int BundleMemberCases { get; init; }
    public required int SubmitErrors { get; init; }
    public required int CasesNotCompleted { get; init; }
    public required double IntakeSeconds { get; init; }
    public required double EndToEndSeconds { get; init; }
    /// <summary>Single-item cases completed per second, first submission to last completion.</summary>
    public required double SingleItemCasesPerSecond { get; init; }
    /// <summary>All cases (single items and bundle members) completed per second.</summary>
    public required double CasesPerSecond { get; init; }
    public required double IntakePerSecond { get; init; }
    /// <summary>From the window's submission until the department's system took the dispatch (the adapter's confirmation).</summary>
    public required Percentiles SubmitToDispatched { get; init; }
    /// <summary>From the submission until the case saga recorded the dispatch on the case's timeline.</summary>
    public required Percentiles SubmitToDispatchRecorded { get; init; }
    public required Percentiles SubmitToCompleted { get; init; }
    public required IReadOnlyList<ProtocolFigures> ByKind { get; init; }
    public required IReadOnlyList<HostGroup.HostFigures> HostFigures { get; init; }
    public required double MachineCpuBusyPercent { get; init; }
    /// <summary>The middle half of the measured cases (25 % to 75 % ended): past warm-up, before the drain.</summary>
    public SteadyFigures? Steady { get; init; }
    /// <summary>CPU per process over the measured run, per completed case, and the cores each would need at the target rate.</summary>
    public required IReadOnlyList<CpuShare> CpuByProcess { get; init; }
    public required RawLimit RabbitMq { get; init; }
    public required RawLimit Postgres { get; init; }
    public required double BusMessagesPerCase { get; init; }
    public required double CommitsPerCase { get; init; }
    public double BusBoundCasesPerSecond => RabbitMq.PerSecond / BusMessagesPerCase;
    public double PostgresBoundCasesPerSecond => Postgres.PerSecond / CommitsPerCase;
    public double BusRatio => CasesPerSecond / BusBoundCasesPerSecond;
    public double PostgresRatio => CasesPerSecond / PostgresBoundCasesPerSecond;
    public required IReadOnlyList<string> Integrity { get; init; }
    public required IReadOnlyList<TargetCheck> Targets { get; init; }
}

public static class BenchReport
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string ToJson(BenchResult r) => JsonSerializer.Serialize(r, Json);

    static string F(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);

    static string Line(Percentiles p, bool boldP99) =>
        $"p50 {F(p.P50Ms, "F0")} ms · p95 {F(p.P95Ms, "F0")} ms · {(boldP99 ? "**" : "")}p99 {F(p.P99Ms, "F0")} ms{(boldP99 ? "**" : "")} · max {F(p.MaxMs, "F0")} ms";

    public static string Markdown(BenchResult r)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Gateway benchmark {r.RunId}");
        md.AppendLine();
        md.AppendLine($"{r.StartedAt:yyyy-MM-dd HH:mm} UTC · {r.Machine} · {r.Hosts} gateway host process(es) on RabbitMQ + PostgreSQL · {r.Concurrency} concurrent windows submitting " +
            (r.OfferedRate > 0 ? $"at an offered {F(r.OfferedRate)} applications/s (open loop)" : "as fast as the hosts take them (saturation)") +
            $" · {r.Clerks} clerk(s) at each manual inbox" + (r.HostEnvironment.Length > 0 ? $" · hosts started with {r.HostEnvironment}" : ""));
        md.AppendLine();
        md.AppendLine("| figure | value |");
        md.AppendLine("|---|---|");
        md.AppendLine($"| single-item cases | {r.SingleItemCases} (+ {r.Bundles} bundles = {r.BundleMemberCases} member cases) |");
        md.AppendLine($"| submission errors / cases not completed | {r.SubmitErrors} / {r.CasesNotCompleted} |");
        md.AppendLine($"| intake | {F(r.IntakePerSecond)} applications/s ({F(r.IntakeSeconds)} s) |");
        md.AppendLine($"| end to end | **{F(r.SingleItemCasesPerSecond)} single-item cases/s**, {F(r.CasesPerSecond)} cases/s counting bundle members ({F(r.EndToEndSeconds)} s, first submission to last completion) |");
        md.AppendLine($"| submit → dispatched (the department's system took the case) | {Line(r.SubmitToDispatched, true)} |");
        md.AppendLine($"| submit → dispatch recorded on the case's timeline | {Line(r.SubmitToDispatchRecorded, false)} |");
        md.AppendLine($"| submit → completed | {Line(r.SubmitToCompleted, false)} |");
        foreach (var h in r.HostFigures)
            md.AppendLine($"| host {h.Url} | CPU {F(h.CpuSeconds)} s ({F(h.CpuSeconds / r.EndToEndSeconds * 100, "F0")} % of one core) · peak RSS **{F(h.PeakRssMiB, "F0")} MiB** · started {h.Starts}× |");
        md.AppendLine($"| machine CPU busy (all processes, all cores) | {F(r.MachineCpuBusyPercent, "F0")} % |");
        if (r.Steady is { } st)
            md.AppendLine($"| steady state (25 % → 75 % of the cases ended, {F(st.Seconds)} s, {st.Cases} cases) | **{F(st.CasesPerSecond)} cases/s**, **{F(st.MachineMsPerCase)} ms CPU per case over the whole machine**, host {F(st.HostMsPerCase)} ms |");
        md.AppendLine();
        md.AppendLine("## Raw limits of the same servers, measured in this run");
        md.AppendLine();
        md.AppendLine("| server | measured | gateway use per case | bound on cases/s it implies | gateway as share of that bound |");
        md.AppendLine("|---|---|---|---|---|");
        md.AppendLine($"| {r.RabbitMq.Name} | {F(r.RabbitMq.PerSecond, "F0")} msg/s ({r.RabbitMq.Operations} msgs, {r.RabbitMq.Concurrency} publishers) | {F(r.BusMessagesPerCase, "F2")} messages consumed | {F(r.BusBoundCasesPerSecond)} | **{F(r.BusRatio * 100)} %** |");
        md.AppendLine($"| {r.Postgres.Name} | {F(r.Postgres.PerSecond, "F0")} commits/s ({r.Postgres.Concurrency} connections) | {F(r.CommitsPerCase, "F2")} commits | {F(r.PostgresBoundCasesPerSecond)} | **{F(r.PostgresRatio * 100)} %** |");
        md.AppendLine();
        md.AppendLine($"## Where the CPU went ({Environment.ProcessorCount} cores; cores each would need at {BenchCommand.TargetCasesPerSecond} cases/s at the same cost per case)");
        md.AppendLine();
        md.AppendLine("| process | CPU s | ms per completed case | cores at the target rate |");
        md.AppendLine("|---|---|---|---|");
        foreach (var c in r.CpuByProcess)
            md.AppendLine(c.CpuSeconds is null ? $"| {c.Process} | – | – | {c.Note} |" : $"| {c.Process} | {F(c.CpuSeconds.Value)} | {F(c.MsPerCase ?? 0)} | {F(c.CoresAtTarget ?? 0, "F2")} |");
        md.AppendLine();
        md.AppendLine("## By kind");
        md.AppendLine();
        md.AppendLine("| kind | protocol | cases | dispatched p50 / p95 / p99 ms | completed p50 / p95 / p99 ms |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var k in r.ByKind)
            md.AppendLine($"| {k.Kind} | {k.Protocol} | {k.Cases} | {F(k.SubmitToDispatched.P50Ms, "F0")} / {F(k.SubmitToDispatched.P95Ms, "F0")} / {F(k.SubmitToDispatched.P99Ms, "F0")} | {F(k.SubmitToCompleted.P50Ms, "F0")} / {F(k.SubmitToCompleted.P95Ms, "F0")} / {F(k.SubmitToCompleted.P99Ms, "F0")} |");
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        foreach (var (target, met, figure) in r.Targets) md.AppendLine($"- {(met ? "met" : "**NOT met**")}: {target} — {figure}");
        md.AppendLine();
        md.AppendLine("## Integrity after the run");
        md.AppendLine();
        foreach (var line in r.Integrity) md.AppendLine($"- {line}");
        return md.ToString();
    }
}

using Gateway.Host.Operations;
using Spectre.Console;

namespace Gateway.Host.FaultSuite;

/// <summary><c>faults</c>: runs the fault suite with a progress bar, prints what happened when, and the counts; exit code 1 unless nothing was lost or duplicated.</summary>
public static class FaultSuiteCommand
{
    public static async Task<int> RunAsync(FaultSuiteOptions options, CancellationToken ct)
    {
        var console = AnsiConsole.Console;
        FaultSuiteResult result;
        try
        {
            result = await ProgressDisplay.RunAsync([("submitted", options.Cases), ("ended", options.Cases)],
                p => new FaultSuiteRunner(options, line => console.WriteLine(line)).RunAsync(p, ct));
        }
        catch (InvalidOperationException ex)
        {
            console.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 2;
        }
        Print(result, console.WriteLine);
        return result.Passed ? 0 : 1;
    }

    public static void Print(FaultSuiteResult r, Action<string> write)
    {
        write("");
        write($"Fault suite: {r.Elapsed.TotalSeconds:F0} s");
        foreach (var e in r.Events) write("  " + e);
        write($"  host exits not caused by the suite {r.UnexpectedExits}");
        write($"  restarts the host asked for (fresh broker connections) {r.RestartsAsked}");
        write($"  applications accepted      {r.Submitted} ({r.SubmitErrors} refused)");
        write($"  cases                      {r.Cases}, ended {r.Terminal}");
        write($"  lost                       {r.Lost}");
        write($"  duplicated (2+ licences)   {r.CasesWithTwoLicences} (licences issued: {r.Licences})");
        write($"  feed gaps                  {r.FeedGaps} ({r.FeedEntries} numbered entries, {r.FeedRepeatedEntryIds} repeated ids, {r.FeedUnnumbered} not yet numbered)");
        write($"  applications with no case  {r.ApplicationsWithoutCase}");
        foreach (var c in r.NotEnded.Take(20)) write($"    not ended: {c}");
        write($"  failed messages open       {r.FailedMessagesOpen}");
        if (r.PlatformRepeats is { } repeats) write($"  feed entries the platform got twice (at-least-once push) {repeats}");
        write($"{r.Lost} lost, {r.CasesWithTwoLicences} duplicated, {r.FeedGaps} feed gaps: {(r.Passed ? "PASSED" : "FAILED")}");
    }
}

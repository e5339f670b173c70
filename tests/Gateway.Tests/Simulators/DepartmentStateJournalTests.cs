using Gateway.Simulators.Common;
using Xunit;

namespace Gateway.Tests.Simulators;

/// <summary>A simulated department with a journal file keeps its cases across restarts, as a real department system does.</summary>
public sealed class DepartmentStateOnAJournal : IDisposable
{
    readonly string _file = Path.Combine(Path.GetTempPath(), $"sim-journal-{Guid.NewGuid():N}", "SCJG.jsonl");

    static SimulatedCase NewCase(string caseNo) => new(caseNo, "SCJG-1", "ITEM", "张三", "110101199003074514", DateTime.UtcNow, 1, []);

    [Fact]
    public void Should_restore_every_case_as_it_last_stood()
    {
        var first = new DepartmentState(new SimulatorBehaviour(), _file);
        first.Take("C1", 0, false, () => NewCase("C1"));
        first.Take("C2", 0, false, () => NewCase("C2"));
        first.NoteReport("C1", "received", "SCJG-1-received");
        first.NoteReport("C1", "accepted", "SCJG-1-accepted");
        first.Withdraw("C2");

        var second = new DepartmentState(new SimulatorBehaviour(), _file);

        Assert.Equal(["C1", "C2"], second.Restored.Select(c => c.CaseNo).Order());
        Assert.Equal(["SCJG-1-received", "SCJG-1-accepted"], second.Find("C1")!.SentEventIds);
        Assert.Equal(["received", "accepted"], second.Find("C1")!.ReportsSent);
        Assert.True(second.Find("C2")!.Withdrawn);
    }

    [Fact]
    public void Should_skip_a_line_torn_by_a_kill_and_keep_writing_after_it()
    {
        var first = new DepartmentState(new SimulatorBehaviour(), _file);
        first.Take("C1", 0, false, () => NewCase("C1"));
        File.AppendAllText(_file, "{\"caseNo\":\"C9\",\"refer");   // the process died here

        var second = new DepartmentState(new SimulatorBehaviour(), _file);
        second.NoteReport("C1", "received", "SCJG-1-received");
        var third = new DepartmentState(new SimulatorBehaviour(), _file);

        Assert.Equal(["C1"], third.Restored.Select(c => c.CaseNo));
        Assert.Equal(["SCJG-1-received"], third.Find("C1")!.SentEventIds);
    }

    [Fact]
    public void Should_keep_nothing_without_a_journal()
    {
        var first = new DepartmentState(new SimulatorBehaviour());
        first.Take("C1", 0, false, () => NewCase("C1"));

        Assert.Empty(first.Restored);
        Assert.Empty(new DepartmentState(new SimulatorBehaviour()).Restored);
    }

    public void Dispose()
    {
        try { Directory.Delete(Path.GetDirectoryName(_file)!, true); } catch (IOException) { }
    }
}

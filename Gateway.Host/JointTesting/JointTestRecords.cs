namespace Gateway.Host.JointTesting;

/// <summary>One item's result in a joint-test run (模拟办件): how many simulated cases, how many passed every check, and the report.</summary>
public sealed class JointTestRun
{
    public long Id { get; set; }
    public string RunId { get; set; } = "";
    public string ItemCode { get; set; } = "";
    public string DepartmentCode { get; set; } = "";
    public int Cases { get; set; }
    public int Passed { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }
    /// <summary>The item's part of the run's report (Markdown).</summary>
    public string Report { get; set; } = "";
}

/// <summary>An item switched live for cross-region applications (跨域通办), on a recorded passing run, confirmed by both sides.</summary>
public sealed class CrossRegionGoLive
{
    public string ItemCode { get; set; } = "";
    public string RunId { get; set; } = "";
    public string ConfirmedByHub { get; set; } = "";
    public string ConfirmedByDepartment { get; set; } = "";
    public DateTime LiveSince { get; set; }
}

namespace Gateway.Host.JointTesting;

/// <summary>A recorded joint-test run of an item: simulated cases run and passed.</summary>
public sealed record JointTestRunSummary(string RunId, int Cases, int Passed, DateTime FinishedAt);

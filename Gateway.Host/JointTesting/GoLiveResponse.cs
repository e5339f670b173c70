namespace Gateway.Host.JointTesting;

/// <summary>The answer to switching an item live for cross-region applications.</summary>
public sealed record GoLiveResponse(string ItemCode, bool Live, string RunId, string ConfirmedByHub, string ConfirmedByDepartment, DateTime LiveSince);

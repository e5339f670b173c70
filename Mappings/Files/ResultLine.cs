using Gateway.Contracts.Departments;

namespace Gateway.Mappings.Files;

/// <summary>One data line of a result file: the report it carries, or why it cannot be read.</summary>
public sealed record ResultLine(int LineNumber, DepartmentEventReport? Report, string? Error);

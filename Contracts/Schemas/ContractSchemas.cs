namespace Gateway.Contracts.Schemas;

/// <summary>The JSON schemas published to clients and departments, embedded in this assembly.</summary>
public static class ContractSchemas
{
    public static readonly IReadOnlyList<string> Names = ["canonical-application", "department-event-report"];

    public static string? Read(string name)
    {
        if (!Names.Contains(name)) return null;
        using var stream = typeof(ContractSchemas).Assembly.GetManifestResourceStream($"Gateway.Contracts.Schemas.{name}.schema.json");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

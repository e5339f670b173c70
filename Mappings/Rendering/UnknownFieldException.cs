namespace Gateway.Mappings.Rendering;

/// <summary>A template names a field the canonical model does not have.</summary>
public sealed class UnknownFieldException(string path, IEnumerable<string> known)
    : Exception($"'{path}' is not a field of the canonical model (fields here: {string.Join(", ", known)})")
{
    public string FieldPath { get; } = path;
}

namespace Gateway.Adapters;

/// <summary>Finds the adapter of a protocol.</summary>
public sealed class DepartmentAdapters(IEnumerable<IDepartmentAdapter> adapters)
{
    readonly Dictionary<string, IDepartmentAdapter> _byProtocol = adapters.ToDictionary(a => a.Protocol, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Protocols => _byProtocol.Keys;

    public bool Supports(string protocol) => _byProtocol.ContainsKey(protocol);

    public IDepartmentAdapter For(string protocol) =>
        _byProtocol.TryGetValue(protocol, out var adapter)
            ? adapter
            : throw new InvalidOperationException($"No adapter is registered for protocol '{protocol}'");
}

namespace Gateway.Host.Observability;

/// <summary>
/// A logging scope naming the case a piece of work is for: structured logs (the JSON console formatter) carry it as <c>CaseNo</c>
/// next to the trace and span ids, so every line about a case can be found by its number.
/// </summary>
public sealed class CaseLogScope(string caseNo) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static CaseLogScope For(string caseNo) => new(caseNo);

    public int Count => 1;
    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new("CaseNo", caseNo) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => $"case {caseNo}";
}

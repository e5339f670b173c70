namespace Gateway.Simulators.Common;

/// <summary>
/// A simulator's gateway address setting may name several hosts of one gateway, comma-separated: each report goes to the next
/// one in turn, so reports spread over the hosts, and a retry after a host stopped answering goes to another.
/// </summary>
public static class GatewayAddresses
{
    static int _turn;

    /// <summary>The address the next report goes to, without a trailing slash.</summary>
    public static string Next(string setting)
    {
        if (!setting.Contains(',')) return setting.TrimEnd('/');
        var all = setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var turn = (uint)Interlocked.Increment(ref _turn);
        return all[turn % (uint)all.Length].TrimEnd('/');
    }
}

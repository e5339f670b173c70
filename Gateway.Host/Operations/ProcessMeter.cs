using System.Globalization;

namespace Gateway.Host.Operations;

/// <summary>CPU time and memory of a process, read from /proc (Linux).</summary>
public static class ProcessMeter
{
    /// <summary>Clock ticks per second of the CPU times in /proc (USER_HZ on Linux).</summary>
    public const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds the process has used, or null when it is gone.</summary>
    public static double? CpuSeconds(int pid) =>
        StatFields(pid) is { Length: > 12 } f ? (Ticks(f, 11) + Ticks(f, 12)) / TicksPerSecond : null;

    /// <summary>
    /// User + system CPU seconds of a process, the children it has reaped and the children it still has (a server such as
    /// PostgreSQL, whose backends are its children), or null when it is gone. The difference of two readings is the CPU the
    /// server used between them: a child that ends in between moves its time from the live children into the reaped ones.
    /// </summary>
    public static double? TreeCpuSeconds(int pid)
    {
        var own = StatFields(pid);
        if (own is null) return null;
        long ticks = Ticks(own, 11) + Ticks(own, 12) + Ticks(own, 13) + Ticks(own, 14);
        var parent = pid.ToString(CultureInfo.InvariantCulture);
        foreach (var child in ProcessIds())
            if (child != pid && StatFields(child) is { Length: > 12 } f && f[1] == parent)
                ticks += Ticks(f, 11) + Ticks(f, 12);
        return ticks / TicksPerSecond;
    }

    /// <summary>The process listening on a local TCP port (from /proc/net/tcp and the processes' open sockets), or null.</summary>
    public static int? ListeningProcessId(int port)
    {
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == "0A" && f[1].EndsWith(hexPort, StringComparison.Ordinal)) inodes.Add($"socket:[{f[9]}]");
            }
        }
        if (inodes.Count == 0) return null;
        foreach (var pid in ProcessIds())
        {
            try
            {
                foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)) return pid;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }

    /// <summary>The ids of the processes running now.</summary>
    static IEnumerable<int> ProcessIds() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0).Where(pid => pid > 0);

    static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // After the command name (in parentheses, may hold spaces): [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    static long Ticks(string[] fields, int index) =>
        fields.Length > index && long.TryParse(fields[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    /// <summary>Peak resident set size (VmHWM) in MiB, or null when the process is gone.</summary>
    public static double? PeakRssMiB(int pid) => StatusKiB(pid, "VmHWM:") / 1024.0;

    /// <summary>Current resident set size (VmRSS) in MiB.</summary>
    public static double? RssMiB(int pid) => StatusKiB(pid, "VmRSS:") / 1024.0;

    static long? StatusKiB(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Busy and total CPU ticks of the whole machine (all cores), from /proc/stat.</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = cpu[3] + (cpu.Length > 4 ? cpu[4] : 0);
        var total = cpu.Take(8).Sum();
        return (total - idle, total);
    }
}

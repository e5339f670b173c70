using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Host.Operations;

/// <summary>
/// The gateway as a separate operating-system process (the built Gateway.Host.dll next to this assembly), so the benchmark, the
/// fault suite and the tests can run several hosts, measure their CPU and memory, and kill them with SIGKILL. Restarts keep the port.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    readonly string[] _args;
    readonly string _logFile;
    readonly bool _keepLog;
    Process? _process;

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public int Starts { get; private set; }

    readonly IReadOnlyDictionary<string, string> _environment;

    /// <param name="environment">Environment variables the process gets on top of this one's (runtime settings).</param>
    public GatewayProcess(IDictionary<string, string?> settings, string? logFile = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        _environment = environment ?? new Dictionary<string, string>();
        Port = FreePort();
        _logFile = logFile ?? Path.Combine(Path.GetTempPath(), $"gateway-process-{Guid.NewGuid():N}.log");
        _keepLog = logFile is not null;
        // Hosts started as processes (benchmark, fault suite, tests) run with the demo's configuration unless told otherwise.
        _args = ["--urls", Url, .. settings.ContainsKey("Demo") ? Array.Empty<string>() : ["--Demo=true"], .. settings.Select(kv => $"--{kv.Key}={kv.Value}")];
    }

    public async Task StartAsync()
    {
        var dll = typeof(GatewayProcess).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var (name, value) in _environment) info.Environment[name] = value;
        foreach (var a in _args) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start the gateway process");
        Starts++;
        var log = new StreamWriter(File.Open(_logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the gateway process exited with {_process.ExitCode}:\n{LogTail()}");
            try
            {
                if ((await http.GetAsync($"{Url}/health/ready")).IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the gateway process did not become ready:\n{LogTail()}");
    }

    /// <summary>SIGKILL: no shutdown, no flushing, no goodbye.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
    }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The exit code of the last process once it has exited by itself or been killed; null while it runs.</summary>
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>The operating-system process id while running.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public string LogTail(int lines = 60)
    {
        try
        {
            using var stream = File.Open(_logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;   // disposing twice is harmless
        if (!_keepLog)
            try { File.Delete(_logFile); } catch (IOException) { }
    }
}

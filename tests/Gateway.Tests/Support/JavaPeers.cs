using System.Diagnostics;

namespace Gateway.Tests.Support;

/// <summary>
/// Legacy Java SOAP peers built on Debian's Apache WSS4J 1.6 (libwss4j-java, libxml-security-java), compiled once per test run with
/// the JDK's javac. Missing Java or jars fail the test with how to install them (<c>bash scripts/test-servers.sh start</c> does).
/// </summary>
public static class JavaPeers
{
    static readonly string[] Jars =
    [
        "/usr/share/java/wss4j.jar", "/usr/share/java/xmlsec.jar", "/usr/share/java/commons-logging.jar", "/usr/share/java/slf4j-api.jar",
        "/usr/share/java/slf4j-nop.jar",
    ];
    static readonly Lazy<string> Compiled = new(Compile);

    public static string ClassPath => string.Join(':', [Compiled.Value, .. Jars]);

    static string Compile()
    {
        var missing = Jars.Append("/usr/bin/javac").Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The Java SOAP peers need {string.Join(", ", missing)} (Debian: openjdk-17-jdk-headless, libwss4j-java, " +
                                                "libxml-security-java, libslf4j-java); bash scripts/test-servers.sh start installs them.");
        var output = Path.Combine(Path.GetTempPath(), "gateway-java-peers-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(output);
        var sources = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Support", "java"), "*.java");
        var javac = new ProcessStartInfo("/usr/bin/javac") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-encoding", "UTF-8", "-d", output, "-cp", string.Join(':', Jars), .. sources]) javac.ArgumentList.Add(a);
        using var run = Process.Start(javac)!;
        var errors = run.StandardError.ReadToEnd();
        run.WaitForExit();
        if (run.ExitCode != 0) throw new InvalidOperationException($"javac failed ({run.ExitCode}): {errors}");
        return output;
    }

    /// <summary>Runs a Java main class to its end; its exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string mainClass, params string[] args)
    {
        using var process = Start(mainClass, args);
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + errors);
    }

    /// <summary>Starts a Java main class and leaves it running (the caller kills it).</summary>
    public static Process Start(string mainClass, params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/java") { RedirectStandardOutput = true, RedirectStandardError = true };
        // The JDK may re-send a POST once on a dropped connection (same nonce): not here.
        foreach (var a in (string[])["-Dsun.net.http.retryPost=false", "-cp", ClassPath, mainClass, .. args]) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }
}

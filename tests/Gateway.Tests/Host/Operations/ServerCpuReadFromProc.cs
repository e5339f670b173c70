using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Host.Operations;
using Xunit;

namespace Gateway.Tests.Host.Operations;

/// <summary>
/// How the benchmark finds a local server by its port and charges it the CPU of its children (PostgreSQL's backends): the owner of a
/// listening socket is found, a busy child's time shows in its parent's tree while it runs and after it ended.
/// </summary>
public sealed class ServerCpuReadFromProc
{
    [Fact]
    public void Should_find_the_process_listening_on_a_port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.Equal(Environment.ProcessId, ProcessMeter.ListeningProcessId(port));
        listener.Stop();
        Assert.Null(ProcessMeter.ListeningProcessId(port));
    }

    [Fact]
    public void Should_count_a_busy_child_in_its_parents_tree_while_it_runs_and_after_it_ended()
    {
        // A shell that starts a busy child, then waits: the child's CPU is the shell's tree's, the shell's own stays small. The child
        // stops itself after 1 s of CPU (its CPU-time limit), however busy the machine is, so the test waits for CPU, not for a clock.
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "sh -c 'ulimit -t 1; while :; do :; done'; sleep 60"])
            { RedirectStandardOutput = true })!;
        try
        {
            Thread.Sleep(300);
            var during = ProcessMeter.TreeCpuSeconds(shell.Id);
            // Wait until the tree's CPU stops growing: the child has used its second (the kernel stops it) and been reaped.
            double? after = null, previous = -1;
            for (var deadline = DateTime.UtcNow.AddSeconds(45); DateTime.UtcNow < deadline; Thread.Sleep(500))
            {
                after = ProcessMeter.TreeCpuSeconds(shell.Id);
                if (after >= 0.3 && after == previous) break;
                previous = after;
            }
            Thread.Sleep(500);
            var reaped = ProcessMeter.TreeCpuSeconds(shell.Id);

            Assert.NotNull(during);
            Assert.NotNull(after);
            Assert.True(ProcessMeter.CpuSeconds(shell.Id) < 0.2, "the shell itself does nothing");
            // /proc counts CPU in clock ticks sampled by the scheduler: on a loaded machine it reads less than the second the kernel's
            // limit measured, so the bar is half of it.
            Assert.True(reaped >= 0.5, $"the busy child's 1 s of CPU counts in the tree after it ended (read {reaped:F2} s)");
            Assert.True(reaped >= during, $"a tree's CPU only grows ({during:F2} then {reaped:F2} s)");
        }
        finally
        {
            if (!shell.HasExited) shell.Kill(true);
        }
        shell.WaitForExit();
        Assert.Null(ProcessMeter.TreeCpuSeconds(shell.Id));
    }
}

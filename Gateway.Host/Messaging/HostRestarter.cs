namespace Gateway.Host.Messaging;

/// <summary>
/// Stops the host with <see cref="ExitCode"/> (EX_TEMPFAIL) so that its service manager (systemd <c>Restart=on-failure</c>, Kubernetes)
/// starts it again on fresh broker connections. Used when the RabbitMQ client is left in a state it does not leave by itself; nothing is
/// lost: unsent messages wait in the outbox, unacknowledged ones go back to their queues.
/// </summary>
public class HostRestarter(ILogger<HostRestarter> logger)
{
    /// <summary>Exit code of a host that stopped itself to be started again (EX_TEMPFAIL).</summary>
    public const int ExitCode = 75;

    /// <summary>Logs <paramref name="reason"/> as critical and ends the process.</summary>
    public virtual void Restart(string reason)
    {
        logger.LogCritical("{Reason}. Stopping with exit code {ExitCode} so the service manager starts the gateway on fresh broker connections",
            reason, ExitCode);
        Thread.Sleep(500); // let the console logger write the line
        Environment.Exit(ExitCode);
    }
}

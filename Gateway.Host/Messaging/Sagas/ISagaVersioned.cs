namespace Gateway.Host.Messaging.Sagas;

/// <summary>A saga row with an optimistic concurrency version, raised on every update.</summary>
public interface ISagaVersioned
{
    int Version { get; set; }
}

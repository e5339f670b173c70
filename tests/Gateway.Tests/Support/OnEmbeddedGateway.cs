using Microsoft.AspNetCore.Builder;
using Xunit;

namespace Gateway.Tests.Support;

/// <summary>Base of the component tests: each test gets its own embedded gateway (in-memory bus, fresh SQLite file).</summary>
public abstract class OnEmbeddedGateway : IAsyncLifetime
{
    protected TestGateway Gateway { get; private set; } = null!;

    /// <summary>Configuration the test class needs on top of the test defaults.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>Services the test class adds to the gateway (an interceptor that counts or fails statements, …).</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async Task InitializeAsync() => Gateway = await TestGateway.StartEmbeddedAsync(Settings, Configure);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

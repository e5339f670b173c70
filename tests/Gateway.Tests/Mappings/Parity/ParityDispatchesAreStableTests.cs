using System.Text.Json;
using Xunit;

namespace Gateway.Tests.Mappings.Parity;

public class ParityDispatchesAreStableTests
{
    public static TheoryData<string> Departments => [.. ParityDispatches.Departments];

    [Theory]
    [MemberData(nameof(Departments))]
    public void Should_generate_the_same_dispatches_every_time(string department)
    {
        var first = JsonSerializer.Serialize(ParityDispatches.For(department), JsonSerializerOptions.Web);
        var second = JsonSerializer.Serialize(ParityDispatches.For(department), JsonSerializerOptions.Web);

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Departments))]
    public void Should_have_recorded_one_golden_entry_per_generated_dispatch(string department)
    {
        var dispatches = ParityDispatches.For(department);
        var golden = ParityGolden.Load(department);

        Assert.Equal(1000, dispatches.Count);
        Assert.Equal(dispatches.Count, golden.Count);
        Assert.Equal(Enumerable.Range(0, golden.Count), golden.Select(g => g.Index));
    }
}

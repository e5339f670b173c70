using System.Text.Json.Nodes;
using System.Xml.Linq;
using Gateway.Mappings.Rendering;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Mappings.Parity;

/// <summary>
/// The profiles render what the per-department C# mappers they replaced rendered, for 1000 generated dispatches per department
/// (<see cref="ParityDispatches"/>; the mappers' output is recorded in Golden/): JSON equal, XML equal, file bytes identical, and the
/// same refusals. One difference is deliberate and counted: GA's old mapper wrote a nested form value as a .NET type name
/// ("System.Collections.Generic.List`1[System.Object]") and a boolean as True/False; the profile writes the value's JSON.
/// </summary>
public class ProfilesRenderWhatTheOldMappersRendered
{
    [Theory]
    [InlineData("SCJG")]
    [InlineData("WJW")]
    public void Should_render_json_equal_to_the_old_mapper(string department)
    {
        var mapper = TestProfiles.For(department);
        var golden = ParityGolden.Load(department);
        var dispatches = ParityDispatches.For(department);
        Assert.Equal(1000, dispatches.Count);
        for (var i = 0; i < dispatches.Count; i++)
        {
            if (SameRefusal(golden[i], () => mapper.Render(dispatches[i])) is { } refused)
            {
                Assert.True(refused, $"{department} #{i}: {golden[i].Error}");
                continue;
            }
            var mine = mapper.Render(dispatches[i]).Text;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(golden[i].Body!), JsonNode.Parse(mine)), $"{department} #{i}:\nold {golden[i].Body}\nnew {mine}");
        }
    }

    [Fact]
    public void Should_render_xml_equal_to_the_old_mapper()
    {
        var mapper = TestProfiles.For("GA");
        var golden = ParityGolden.Load("GA");
        var dispatches = ParityDispatches.For("GA");
        Assert.Equal(1000, dispatches.Count);
        var typeNamesMended = 0;
        for (var i = 0; i < dispatches.Count; i++)
        {
            if (SameRefusal(golden[i], () => mapper.Render(dispatches[i])) is { } refused)
            {
                Assert.True(refused, $"GA #{i}: {golden[i].Error}");
                continue;
            }
            var old = Normalise(XElement.Parse(golden[i].Body!));
            var mine = Normalise(XElement.Parse(mapper.Render(dispatches[i]).Text));
            // The deliberate difference: where the old mapper wrote a type name or True/False, take the profile's value for comparison.
            var oldFields = old.Descendants().Where(e => e.Name.LocalName == "Xm").ToList();
            var newFields = mine.Descendants().Where(e => e.Name.LocalName == "Xm").ToList();
            for (var k = 0; k < Math.Min(oldFields.Count, newFields.Count); k++)
            {
                var was = oldFields[k].Value;
                var now = newFields[k].Value;
                if (was.StartsWith("System.", StringComparison.Ordinal) || (was is "True" or "False" && now == was.ToLowerInvariant()))
                {
                    oldFields[k].Value = now;
                    typeNamesMended++;
                }
            }
            Assert.True(XNode.DeepEquals(old, mine), $"GA #{i}:\nold {old}\nnew {mine}");
        }
        Assert.InRange(typeNamesMended, 1, 1000 * 10);
    }

    [Fact]
    public void Should_write_files_byte_identical_to_the_old_mapper()
    {
        var mapper = TestProfiles.For("RS");
        var golden = ParityGolden.Load("RS");
        var dispatches = ParityDispatches.For("RS");
        Assert.Equal(1000, dispatches.Count);
        for (var i = 0; i < dispatches.Count; i++)
        {
            if (SameRefusal(golden[i], () => mapper.Render(dispatches[i])) is { } refused)
            {
                Assert.True(refused, $"RS #{i}: {golden[i].Error}");
                continue;
            }
            var mine = mapper.Render(dispatches[i]);
            Assert.True(golden[i].File!.AsSpan().SequenceEqual(mine.Bytes), $"RS #{i}:\nold {mapper.File!.Encoding.GetString(golden[i].File!)}\nnew {mine.Text}");
            Assert.Equal(golden[i].Attachments.Select(a => (a.Suffix, Convert.ToBase64String(a.Content))),
                mine.Attachments.Select(a => (a.Suffix, Convert.ToBase64String(a.Content))));
        }
    }

    /// <summary>Null when the old mapper rendered the dispatch; otherwise whether the profile refuses it with the same message.</summary>
    static bool? SameRefusal(GoldenEntry golden, Action render)
    {
        if (golden.Error is null) return null;
        try
        {
            render();
            return false;
        }
        catch (DispatchRenderingException ex)
        {
            return golden.Error.EndsWith(ex.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>Namespace declarations and line-break forms aside (the old writer turned CR LF into LF), the elements and their values.</summary>
    static XElement Normalise(XElement element)
    {
        var copy = new XElement(element);
        foreach (var e in copy.DescendantsAndSelf())
        {
            e.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
            if (!e.HasElements && e.Value.Contains('\r')) e.Value = e.Value.Replace("\r\n", "\n").Replace('\r', '\n');
        }
        // <Clxx/> and <Clxx></Clxx> are the same XML.
        foreach (var empty in copy.Descendants().Where(e => !e.HasElements && e.Value.Length == 0 && !e.IsEmpty).ToList())
            empty.ReplaceWith(new XElement(empty.Name, empty.Attributes()));
        return copy;
    }
}

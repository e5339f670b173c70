namespace Gateway.Mappings.Rendering;

/// <summary>
/// A dispatch as it will travel: the body's text, its bytes in the department's encoding, its content type, and files that go with
/// it (file drop: electronic materials by name suffix). <see cref="ProfileVersion"/> is recorded with the dispatch.
/// </summary>
public sealed record RenderedBody(string Text, byte[] Bytes, string ContentType, string Charset, string ProfileVersion)
{
    public IReadOnlyList<(string Suffix, byte[] Content)> Attachments { get; init; } = [];
}

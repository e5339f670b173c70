namespace Gateway.Mappings.Rendering;

/// <summary>
/// A dispatch cannot be rendered for its department: a code its tables lack, a character its encoding cannot hold, a body that does
/// not parse or fails its schema. Retrying cannot fix it; the dispatch is refused with this message.
/// </summary>
public sealed class DispatchRenderingException(string message, Exception? inner = null) : Exception(message, inner);

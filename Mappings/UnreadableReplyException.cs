namespace Gateway.Mappings;

/// <summary>A department answered a dispatch with something that is not a reply in its own format.</summary>
public sealed class UnreadableReplyException(string departmentCode, string message, Exception? inner = null)
    : Exception($"Department {departmentCode} sent an unreadable reply: {message}", inner);

using Gateway.Contracts.Messages;

namespace Gateway.Mappings;

/// <summary>
/// One department's wire dialect: turns a canonical dispatch into the payload its system expects (its field names, its codes)
/// and reads its reply back.
/// </summary>
public interface IDepartmentPayloadMapper
{
    string DepartmentCode { get; }

    /// <summary>The department's payload. Throws <see cref="CodeTables.CodeNotMappedException"/> when a code has no mapping.</summary>
    object Map(DispatchToDepartment dispatch);

    /// <summary>Reads the department's synchronous reply to a dispatch; throws <see cref="UnreadableReplyException"/> for anything else.</summary>
    DepartmentReply ReadReply(string body);
}

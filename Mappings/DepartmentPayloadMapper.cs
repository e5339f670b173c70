using AutoMapper;
using Gateway.Contracts.Messages;
using Gateway.Mappings.CodeTables;

namespace Gateway.Mappings;

/// <summary>Maps with the department's AutoMapper profile and surfaces a missing code as itself rather than as a mapping exception.</summary>
public abstract class DepartmentPayloadMapper<TPayload>(IMapper mapper) : IDepartmentPayloadMapper
{
    public abstract string DepartmentCode { get; }

    public object Map(DispatchToDepartment dispatch)
    {
        try
        {
            return mapper.Map<TPayload>(dispatch)!;
        }
        catch (AutoMapperMappingException ex) when (Find<CodeNotMappedException>(ex) is { } missing)
        {
            throw missing;
        }
    }

    public DepartmentReply ReadReply(string body)
    {
        try
        {
            return ParseReply(body);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or System.Xml.XmlException)
        {
            throw new UnreadableReplyException(DepartmentCode, ex.Message, ex);
        }
    }

    /// <summary>Reads the department's reply; may throw JSON or XML exceptions for a reply that is not in its format.</summary>
    protected abstract DepartmentReply ParseReply(string body);

    static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is T found) return found;
        return null;
    }
}

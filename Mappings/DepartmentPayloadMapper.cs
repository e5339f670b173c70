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

    public abstract DepartmentReply ReadReply(string body);

    static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is T found) return found;
        return null;
    }
}

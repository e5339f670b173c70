namespace Gateway.Mappings;

/// <summary>What a SOAP department's mapper adds: the SOAPAction of its dispatch operation.</summary>
public interface ISoapDialect
{
    string SoapAction { get; }
}

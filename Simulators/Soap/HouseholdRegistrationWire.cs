using System.Xml.Serialization;

namespace Gateway.Simulators.Soap;

// The simulated household-registration system's own wire types (XmlSerializer), independent of the gateway's mapping code.

public static class HouseholdRegistration
{
    public const string Namespace = "http://hjgl.ga.example.gov.cn/csdj/2016";
    public const string ServicePath = "/hjgl/CsdjService";
    public const string SubmitAction = Namespace + "/SubmitCsdjSq";

    /// <summary>Items the system handles, by its own code, and the licence each one issues.</summary>
    public static readonly IReadOnlyDictionary<string, (string LicenceType, int ValidYears)> Items = new Dictionary<string, (string, int)>
    {
        ["HJ-CSDJ"] = ("居民户口簿(出生登记页)", 0),
    };
}

[XmlRoot("CsdjSq", Namespace = HouseholdRegistration.Namespace)]
public sealed class CsdjSq
{
    [XmlElement("YwLsh")] public string? YwLsh { get; set; }
    [XmlElement("SqBh")] public string? SqBh { get; set; }
    [XmlElement("SxDm")] public string? SxDm { get; set; }
    [XmlElement("SqrXm")] public string? SqrXm { get; set; }
    [XmlElement("SqrZjlx")] public string? SqrZjlx { get; set; }
    [XmlElement("SqrZjhm")] public string? SqrZjhm { get; set; }
    [XmlArray("Clxx"), XmlArrayItem("Cl")] public List<CsdjCl>? Clxx { get; set; }
    [XmlElement("BzLc")] public int BzLc { get; set; }
    [XmlElement("CxBz")] public string? CxBz { get; set; }
    [XmlElement("CxYy")] public string? CxYy { get; set; }
    [XmlElement("JbBz")] public string? JbBz { get; set; }
    [XmlElement("YsBz")] public string? YsBz { get; set; }
}

public sealed class CsdjCl
{
    [XmlElement("ClDm")] public string? ClDm { get; set; }
    [XmlElement("ClXs")] public string? ClXs { get; set; }
    [XmlElement("ClHx")] public string? ClHx { get; set; }
    [XmlElement("ClNr")] public string? ClNr { get; set; }
}

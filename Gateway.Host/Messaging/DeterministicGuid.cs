using System.Security.Cryptography;
using System.Text;

namespace Gateway.Host.Messaging;

/// <summary>A Guid derived from a name, so the same fact always gets the same message id and a redelivery is recognised.</summary>
public static class DeterministicGuid
{
    public static Guid From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        return new Guid(hash[..16]);
    }
}

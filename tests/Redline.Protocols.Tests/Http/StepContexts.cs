using Redline.Engine;

namespace Redline.Protocols.Tests.Http;

/// <summary>Step contexts for calling steps outside the engine.</summary>
internal static class StepContexts
{
    public static StepContext New(long iteration = 0) => new("http", iteration, 0, new Random(42));
}

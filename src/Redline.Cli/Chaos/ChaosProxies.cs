using System.Net;
using System.Net.Sockets;
using Redline.Cli.Suites;
using Redline.Protocols.Proxy;

namespace Redline.Cli.Chaos;

/// <summary>Starts the proxies faults act through, and fits a scenario's fault times to the length it runs for.</summary>
internal static class ChaosProxies
{
    /// <summary>A suite's named proxy; a port already taken is the user's to fix.</summary>
    public static FaultProxy Start(ProxySpec proxy)
    {
        try
        {
            return FaultProxy.Start(proxy.Listen, proxy.Upstream);
        }
        catch (SocketException exception)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"proxy '{proxy.Name}' cannot listen on {proxy.Listen}: {exception.Message}");
        }
    }

    /// <summary>A proxy on a free loopback port in front of <paramref name="baseUrl"/>, which must be on loopback.</summary>
    public static FaultProxy InFrontOf(Uri? baseUrl)
    {
        var host = LoopbackHost(baseUrl);
        return FaultProxy.Start(new IPEndPoint(host, 0), new IPEndPoint(host, baseUrl!.Port));
    }

    /// <summary>
    /// A proxy on <paramref name="baseUrl"/>'s own address that forwards to the same address inside
    /// <paramref name="network"/>, where the target runs: everything that reaches base_url reaches the target.
    /// </summary>
    public static FaultProxy IntoNamespace(Uri? baseUrl, NetworkNamespace network)
    {
        var endpoint = new IPEndPoint(LoopbackHost(baseUrl), baseUrl!.Port);
        try
        {
            return FaultProxy.Start(endpoint, endpoint, upstreamSocket: network.CreateSocket);
        }
        catch (SocketException exception)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"packet_loss runs the target in a network namespace and reaches it through {endpoint}, which is taken: {exception.Message}");
        }
    }

    private static IPAddress LoopbackHost(Uri? baseUrl)
    {
        if (baseUrl is null)
        {
            throw new UserFacingException(ExitCodes.BadInput, "faults on: target need target.base_url: the proxy stands in front of it");
        }

        var host = baseUrl.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(baseUrl.Host.Trim('[', ']'), out var address) ? address
            : null;
        return host is not null && IPAddress.IsLoopback(host) && baseUrl.Scheme == Uri.UriSchemeHttp
            ? host
            : throw new UserFacingException(ExitCodes.BadInput, $"faults on: target put a proxy in front of target.base_url, which must be plain http on loopback (127.0.0.1, ::1 or localhost); it is {baseUrl}");
    }

    /// <summary><paramref name="baseUrl"/> with its port the proxy's.</summary>
    public static Uri Through(Uri baseUrl, FaultProxy proxy) => new UriBuilder(baseUrl) { Port = proxy.Address.Port }.Uri;

    /// <summary>The faults' times stretched or squeezed as the load was (<c>--duration</c>), so that they fall at the same points of the scenario.</summary>
    public static IReadOnlyList<FaultSpec> Fit(IReadOnlyList<FaultSpec> faults, TimeSpan written, TimeSpan runs)
    {
        if (written <= TimeSpan.Zero || written == runs)
        {
            return faults;
        }

        var factor = runs / written;
        return [.. faults.Select(f => f with { At = f.At * factor, For = f.For * factor, Every = f.Every * factor, MeanGap = f.MeanGap * factor })];
    }
}

using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace StaticDhcpd.Integration.Tests.Wire;

/// <summary>
/// Creates a socket inside a network namespace: the namespace of a Linux thread can be switched with
/// setns(2), and a socket belongs to the namespace it was created in, whatever thread uses it later.
/// The switch happens on a throwaway thread so no pool thread of the test process changes namespace.
/// </summary>
public static class NamespaceSocket
{
    private const int CloneNewNet = 0x40000000;

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    public static Socket CreateUdp(string netns, string device, int port) => Create(netns, () =>
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        s.SetRawSocketOption(1, 25, Encoding.ASCII.GetBytes(device + "\0")); // SO_BINDTODEVICE
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
        s.Bind(new IPEndPoint(IPAddress.Any, port));
        return s;
    });

    /// <summary>A listening TCP socket on <paramref name="address"/>:<paramref name="port"/> (0 = any free port) inside
    /// <paramref name="netns"/>; the connections it accepts belong to that namespace too.</summary>
    public static Socket CreateTcpListener(string netns, IPAddress address, int port, int backlog = 16) => Create(netns, () =>
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(address, port));
        s.Listen(backlog);
        return s;
    });

    /// <summary>Runs <paramref name="create"/> on a throwaway thread switched into <paramref name="netns"/>.</summary>
    public static Socket Create(string netns, Func<Socket> create)
    {
        Socket? socket = null;
        Exception? error = null;
        var t = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle($"/var/run/netns/{netns}");
                if (setns((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new InvalidOperationException($"setns({netns}) failed: errno {Marshal.GetLastWin32Error()}");
                socket = create();
            }
            catch (Exception e) { error = e; }
        });
        t.Start();
        t.Join();
        return socket ?? throw new InvalidOperationException($"cannot open a socket in {netns}", error);
    }
}

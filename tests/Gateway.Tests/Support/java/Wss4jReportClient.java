import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.ws.security.WSConstants;
import org.apache.ws.security.message.WSSecHeader;
import org.apache.ws.security.message.WSSecTimestamp;
import org.apache.ws.security.message.WSSecUsernameToken;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A legacy department's client built on Apache WSS4J 1.6 (Debian's libwss4j-java): reports a correction notice to the gateway's
 * SOAP report service with a WS-Security UsernameToken (PasswordDigest, nonce, created) and a wsu:Timestamp that WSS4J writes.
 * Usage: Wss4jReportClient URL DEPARTMENT PASSWORD CASENO EVENTID DESCRIPTION. Prints the HTTP status and the response body.
 */
public final class Wss4jReportClient {
    static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String NS = "urn:gateway:department-reports:1";

    public static void main(String[] args) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().newDocument();
        Element envelope = doc.createElementNS(SOAP, "soapenv:Envelope");
        doc.appendChild(envelope);
        envelope.appendChild(doc.createElementNS(SOAP, "soapenv:Header"));
        Element body = doc.createElementNS(SOAP, "soapenv:Body");
        envelope.appendChild(body);
        Element report = doc.createElementNS(NS, "r:ReportCaseEvent");
        body.appendChild(report);
        add(doc, report, "eventId", args[4]);
        add(doc, report, "caseNo", args[3]);
        add(doc, report, "type", "correctionRequired");
        add(doc, report, "occurredAt", Instant.now().toString());
        Element corrections = doc.createElementNS(NS, "r:corrections");
        report.appendChild(corrections);
        Element correction = doc.createElementNS(NS, "r:correction");
        corrections.appendChild(correction);
        add(doc, correction, "description", args[5]);
        add(doc, correction, "method", "online");

        WSSecHeader header = new WSSecHeader();
        header.setMustUnderstand(true);
        header.insertSecurityHeader(doc);
        WSSecUsernameToken token = new WSSecUsernameToken();
        token.setPasswordType(WSConstants.PASSWORD_DIGEST);
        token.setUserInfo(args[1], args[2]);
        token.addNonce();
        token.addCreated();
        token.build(doc, header);
        WSSecTimestamp timestamp = new WSSecTimestamp();
        timestamp.setTimeToLive(300);
        timestamp.build(doc, header);

        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        javax.xml.transform.Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(doc), new StreamResult(xml));

        HttpURLConnection http = (HttpURLConnection) new URL(args[0]).openConnection();
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setRequestProperty("Content-Type", "text/xml; charset=UTF-8");
        http.setRequestProperty("SOAPAction", "\"" + NS + "/ReportCaseEvent\"");
        try (OutputStream out = http.getOutputStream()) { out.write(xml.toByteArray()); }
        int status = http.getResponseCode();
        InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream();
        System.out.println(status);
        System.out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    static void add(Document doc, Element parent, String name, String text) {
        Element e = doc.createElementNS(NS, "r:" + name);
        e.setTextContent(text);
        parent.appendChild(e);
    }
}

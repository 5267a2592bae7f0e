// Settings of the Import page. This is the only file to edit when the page is hosted apart from the API.
//
// Locally (`make dev`) the page is served by the local stack on the same origin as the API, so
// apiBaseUrl stays "" and the development tokens the stack answers at localTokensUrl (each with the
// organisation and user it stands for) are offered on the sign-in form.
//
// In AWS, host web/ on S3 + CloudFront and set:
//   apiBaseUrl:  the ApiUrl output of the stack, e.g. "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"
//                (no trailing slash), and deploy the stack with AllowedOrigin = the page's origin
//                (e.g. "https://imports.example.org") so that the API and the upload bucket allow it (CORS);
//   localTokensUrl: "" — then the sign-in form asks for a Cognito ID token (the IdToken that
//                `aws cognito-idp initiate-auth` returns; it carries custom:org_id).
export default {
  apiBaseUrl: "",
  localTokensUrl: "local-tokens.json",
  // How often the Past imports table refreshes itself while an import is running (milliseconds).
  pollIntervalMs: 1500,
  // Rows per page of the Past imports table and of a list's contacts.
  importsPageSize: 20,
  contactsPageSize: 25,
};

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/api/docs';

/** The files of the page: Swagger UI (swagger-ui-dist, served from node_modules) and the few lines that start it. */
export const docsAssets = ['swagger-ui.css', 'swagger-ui-bundle.js', 'start-api-docs.js'] as const;

/** Paths anyone may ask for: the description and the page to read it (the API's own routes say who may call them). */
export const apiDocsPaths = [OPENAPI_PATH, DOCS_PATH, ...docsAssets.map((file) => `${DOCS_PATH}/${file}`)];
